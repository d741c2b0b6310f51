package io.pwb.engine.replay;

import io.pwb.engine.sim.ClusterObservation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ovirt-even}: oVirt's {@code evenly_distributed} scheduling policy as we read it (balancer
 * OptimalForEvenDistribution, CPU only; ovirt-engine {@code EvenDistributionBalancePolicyUnit},
 * {@code CpuAndMemoryBalancingPolicyUnit}, {@code FindVmAndDestinations}). A host is over-utilised once its CPU has
 * stayed at or above HighUtilization (80 %) for CpuOverCommitDurationMinutes (2 min; with 5-minute samples one
 * sample at or above the line is already 5 minutes). Destinations are the under-utilised hosts: CPU below
 * {@code min(UtilizationThresholdInPercent x HighUtilization / 100, HighUtilization - VcpuConsumptionPercentage)}
 * = min(80 % x 80, 80 - 10) = 64 %. Each balancing cycle moves at most one VM: over-utilised hosts most loaded
 * first, on each the migratable VMs by lowest CPU use, the first VM that some destination can take with its CPU at
 * or under HighUtilization and the memory for it; of those destinations the least loaded (the
 * OptimalForCpuEvenDistribution weight) wins.
 * <p>
 * The engine runs a balancing cycle every VdsLoadBalancingIntervalInMinutes (1 by default), but a trace gives a new
 * sample only every step. By default there is one cycle per sample, the same one decision point every policy gets;
 * with a shorter interval the cycles between two samples run one after another on the cluster as the earlier cycles
 * left it, each moving at most one VM, none moving a VM twice.
 */
public final class OvirtEvenDistributionPolicy implements ReplayPolicy {
    public static final int HIGH_UTILIZATION_PERCENT = 80;
    public static final int CPU_OVER_COMMIT_DURATION_MINUTES = 2;
    /** oVirt's UtilizationThresholdInPercent and VcpuConsumptionPercentage defaults (engine config). */
    public static final int UTILIZATION_THRESHOLD_PERCENT = 80;
    public static final int VCPU_CONSUMPTION_PERCENTAGE = 10;
    private final double highUtilization;
    private final double lowUtilization;
    private final double requiredSeconds;
    private final double stepSeconds;
    private final int cyclesPerStep;
    private double[] overSeconds;

    /**
     * @param balancingIntervalSeconds time between two balancing cycles; cycles per sample =
     *                                 max(1, round(stepSeconds / balancingIntervalSeconds))
     */
    public OvirtEvenDistributionPolicy(int highUtilizationPercent, int cpuOverCommitDurationMinutes, double stepSeconds,
                                       double balancingIntervalSeconds) {
        if (!(balancingIntervalSeconds > 0)) {
            throw new IllegalArgumentException("the oVirt balancing interval must be positive, got " + balancingIntervalSeconds);
        }
        this.cyclesPerStep = (int) Math.max(1, Math.round(stepSeconds / balancingIntervalSeconds));
        this.highUtilization = highUtilizationPercent / 100.0;
        this.lowUtilization = Math.min(UTILIZATION_THRESHOLD_PERCENT * highUtilizationPercent / 100,
                highUtilizationPercent - VCPU_CONSUMPTION_PERCENTAGE) / 100.0;
        this.requiredSeconds = cpuOverCommitDurationMinutes * 60.0;
        this.stepSeconds = stepSeconds;
    }

    @Override
    public String name() {
        return "ovirt-even";
    }

    @Override
    public List<Migration> decide(ClusterObservation observation) {
        PlanState plan = PlanState.of(observation);
        int nh = plan.hostCount();
        if (overSeconds == null) {
            overSeconds = new double[nh];
        }
        for (int h = 0; h < nh; h++) {
            overSeconds[h] = plan.utilisation(h) >= highUtilization ? overSeconds[h] + stepSeconds : 0;
        }
        List<Migration> moves = new ArrayList<>();
        Set<Integer> moved = new HashSet<>();
        for (int cycle = 0; cycle < cyclesPerStep; cycle++) {
            Optional<int[]> move = oneCycle(plan, moved);
            if (move.isEmpty()) {
                break;
            }
            int v = move.get()[0];
            int target = move.get()[1];
            moves.add(new Migration(plan.vmId(v), plan.hostId(target)));
            moved.add(v);
            plan.assign(v, target);
        }
        return moves;
    }

    /** One balancing run on the cluster as it stands after the earlier runs of this sample: [vm, target] or none. */
    private Optional<int[]> oneCycle(PlanState plan, Set<Integer> moved) {
        int nh = plan.hostCount();
        List<Integer> sources = new ArrayList<>();
        List<Integer> destinations = new ArrayList<>();
        for (int h = 0; h < nh; h++) {
            if (overSeconds[h] >= requiredSeconds && plan.utilisation(h) >= highUtilization && !plan.vmsOn(h).isEmpty()) {
                sources.add(h);
            } else if (plan.utilisation(h) < lowUtilization) {
                destinations.add(h);
            }
        }
        sources.sort(Comparator.comparingDouble((Integer h) -> -plan.utilisation(h)).thenComparingInt(h -> h));
        for (int source : sources) {
            List<Integer> vms = new ArrayList<>(plan.vmsOn(source));
            vms.removeIf(v -> plan.migrating(v) || moved.contains(v));
            vms.sort(Comparator.comparingDouble(plan::vmDemandMips));
            for (int v : vms) {
                int target = -1;
                for (int h : destinations) {
                    if (plan.freeMemoryMb(h) < plan.vmReservedMemoryMb(v)
                            || (plan.demandMips(h) + plan.vmDemandMips(v)) / plan.capacityMips(h) > highUtilization) {
                        continue;
                    }
                    if (target < 0 || plan.utilisation(h) < plan.utilisation(target)) {
                        target = h;
                    }
                }
                if (target >= 0) {
                    return Optional.of(new int[] {v, target});
                }
            }
        }
        return Optional.empty();
    }
}
