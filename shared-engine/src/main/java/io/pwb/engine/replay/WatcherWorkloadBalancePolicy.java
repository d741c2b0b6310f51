package io.pwb.engine.replay;

import io.pwb.engine.sim.ClusterObservation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code watcher-wb}: OpenStack Watcher's {@code workload_balance} strategy (metric instance_cpu_usage, threshold
 * 25 %, period 300 s) run as a continuous audit, one migration per run. Hosts at or above the threshold are
 * sources, the others targets; from the most utilised source with instances, the instance whose removal leaves the
 * host closest above the cluster's mean workload ({@code delta = (host - mean) - instance}, smallest delta >= 0);
 * to the least utilised target that has the memory and stays below the threshold with it.
 */
public final class WatcherWorkloadBalancePolicy implements ReplayPolicy {
    public static final double THRESHOLD_PERCENT = 25.0;
    private final double threshold;

    public WatcherWorkloadBalancePolicy(double thresholdPercent) {
        this.threshold = thresholdPercent / 100.0;
    }

    @Override
    public String name() {
        return "watcher-wb";
    }

    @Override
    public List<Migration> decide(ClusterObservation observation) {
        PlanState plan = PlanState.of(observation);
        int nh = plan.hostCount();
        List<Integer> sources = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        double total = 0;
        for (int h = 0; h < nh; h++) {
            total += plan.demandMips(h);
            (plan.utilisation(h) >= threshold ? sources : targets).add(h);
        }
        if (sources.isEmpty() || targets.isEmpty()) {
            return List.of();
        }
        double mean = total / nh;
        sources.sort(Comparator.comparingDouble((Integer h) -> plan.utilisation(h)).reversed());
        targets.sort(Comparator.comparingDouble(plan::utilisation));
        for (int source : sources) {
            int chosen = -1;
            double bestDelta = Double.MAX_VALUE;
            for (int v : plan.vmsOn(source)) {
                if (plan.migrating(v)) {
                    continue;
                }
                double delta = (plan.demandMips(source) - mean) - plan.vmDemandMips(v);
                if (delta >= 0 && delta < bestDelta) {
                    bestDelta = delta;
                    chosen = v;
                }
            }
            if (chosen < 0) {
                continue;
            }
            for (int target : targets) {
                if (plan.freeMemoryMb(target) >= plan.vmReservedMemoryMb(chosen)
                        && plan.vmDemandMips(chosen) + plan.demandMips(target) < threshold * plan.capacityMips(target)) {
                    return List.of(new Migration(plan.vmId(chosen), plan.hostId(target)));
                }
            }
            return List.of(); // upstream stops after the first source with a candidate instance
        }
        return List.of();
    }
}
