package io.pwb.engine.replay;

import io.pwb.engine.sim.ClusterObservation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ovirt-even}: oVirt's {@code evenly_distributed} scheduling policy as we read it (balancer
 * OptimalForEvenDistribution, CPU only). A host is over-utilised once its CPU has stayed above HighUtilization (80 %)
 * for CpuOverCommitDurationMinutes (2 min; with 5-minute samples one sample above the line is already 5 minutes).
 * Each balancing cycle moves at most one VM: from the most loaded over-utilised host, the migratable VM with the
 * lowest CPU use that fits somewhere, to the least loaded host that stays below HighUtilization with it (the
 * OptimalForCpuEvenDistribution weight) and has the memory.
 */
public final class OvirtEvenDistributionPolicy implements ReplayPolicy {
    public static final int HIGH_UTILIZATION_PERCENT = 80;
    public static final int CPU_OVER_COMMIT_DURATION_MINUTES = 2;
    private final double highUtilization;
    private final double requiredSeconds;
    private final double stepSeconds;
    private double[] overSeconds;

    public OvirtEvenDistributionPolicy(int highUtilizationPercent, int cpuOverCommitDurationMinutes, double stepSeconds) {
        this.highUtilization = highUtilizationPercent / 100.0;
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
        int source = -1;
        for (int h = 0; h < nh; h++) {
            overSeconds[h] = plan.utilisation(h) > highUtilization ? overSeconds[h] + stepSeconds : 0;
            if (overSeconds[h] >= requiredSeconds && (source < 0 || plan.utilisation(h) > plan.utilisation(source))) {
                source = h;
            }
        }
        if (source < 0) {
            return List.of();
        }
        List<Integer> vms = new ArrayList<>(plan.vmsOn(source));
        vms.removeIf(plan::migrating);
        vms.sort(Comparator.comparingDouble(plan::vmDemandMips));
        for (int v : vms) {
            int target = -1;
            for (int h = 0; h < nh; h++) {
                if (h == source || plan.freeMemoryMb(h) < plan.vmReservedMemoryMb(v)
                        || (plan.demandMips(h) + plan.vmDemandMips(v)) / plan.capacityMips(h) >= highUtilization) {
                    continue;
                }
                if (target < 0 || plan.utilisation(h) < plan.utilisation(target)) {
                    target = h;
                }
            }
            if (target >= 0) {
                return List.of(new Migration(plan.vmId(v), plan.hostId(target)));
            }
        }
        return List.of();
    }
}
