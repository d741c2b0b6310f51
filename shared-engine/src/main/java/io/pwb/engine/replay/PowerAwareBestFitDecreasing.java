package io.pwb.engine.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;

/**
 * Power-aware best fit decreasing (Beloglazov & Buyya): VMs in decreasing CPU demand, each to the host whose power
 * draw grows least when the VM is added, among hosts that have the CPU (total and per core) and memory for it and
 * that would not become overloaded (the caller's overload test, applied only to hosts already carrying load).
 */
public final class PowerAwareBestFitDecreasing {
    private PowerAwareBestFitDecreasing() {
    }

    /**
     * The best host for {@code vm} in the plan, or -1.
     *
     * @param excluded           hosts that may not receive it
     * @param overloadedWithVm   (host, vm) -> the host would be overloaded with the VM added
     */
    public static int bestHost(PlanState plan, int vm, IntPredicate excluded, BiPredicate<Integer, Integer> overloadedWithVm) {
        return bestHost(plan, vm, excluded, overloadedWithVm, plan::utilisation);
    }

    /**
     * As {@link #bestHost(PlanState, int, IntPredicate, BiPredicate)}, but the power increase is measured from the
     * host's power as last observed rather than as planned so far. That is what CloudSim's dynamic consolidation does
     * (it compares the planned power with the host's power at the last update), so a host that already received VMs
     * in this round looks more expensive and the VMs of one round spread over more hosts.
     */
    public static int bestHostAgainstObservedPower(PlanState plan, int vm, IntPredicate excluded,
                                                   BiPredicate<Integer, Integer> overloadedWithVm) {
        return bestHost(plan, vm, excluded, overloadedWithVm, plan::observedUtilisation);
    }

    private static int bestHost(PlanState plan, int vm, IntPredicate excluded, BiPredicate<Integer, Integer> overloadedWithVm,
                                IntToDoubleFunction baselineUtilisation) {
        double demand = plan.vmDemandMips(vm);
        double best = Double.MAX_VALUE;
        int bestHost = -1;
        for (int h = 0; h < plan.hostCount(); h++) {
            if (h == plan.hostOf(vm) || excluded.test(h)) {
                continue;
            }
            double cap = plan.capacityMips(h);
            double used = plan.demandMips(h);
            if (plan.coreMips(h) < demand || cap - used < demand || plan.freeMemoryMb(h) < plan.vmReservedMemoryMb(vm)) {
                continue;
            }
            if (used > 0 && overloadedWithVm.test(h, vm)) {
                continue;
            }
            double after = (used + demand) / cap;
            if (after > 1) {
                continue;
            }
            double diff = plan.power(h).watts(after) - plan.power(h).watts(baselineUtilisation.applyAsDouble(h));
            if (diff < best) {
                best = diff;
                bestHost = h;
            }
        }
        return bestHost;
    }

    /** VMs sorted by decreasing demand (stable: ties keep their order). */
    public static List<Integer> decreasing(PlanState plan, List<Integer> vms) {
        List<Integer> sorted = new ArrayList<>(vms);
        sorted.sort(Comparator.comparingDouble((Integer v) -> plan.vmDemandMips(v)).reversed());
        return sorted;
    }
}
