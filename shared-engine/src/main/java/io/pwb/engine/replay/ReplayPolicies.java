package io.pwb.engine.replay;

import java.util.List;

/** The policies the replay command knows, by command-line name. */
public final class ReplayPolicies {
    public static final List<String> NAMES = List.of("none", "thr", "lr", "ovirt-even", "watcher-wb", "pwb");

    private ReplayPolicies() {
    }

    /** As {@link #create(String, String, Scenario, long, double)} with one oVirt balancing cycle per sample. */
    public static ReplayPolicy create(String name, String mode, Scenario scenario, long seed) {
        return create(name, mode, scenario, seed, scenario.stepSeconds());
    }

    /**
     * @param ovirtBalancingIntervalSeconds {@code ovirt-even} only: seconds between two of its balancing cycles
     * @throws IllegalArgumentException for an unknown name or mode, listing the known ones
     */
    public static ReplayPolicy create(String name, String mode, Scenario scenario, long seed,
                                      double ovirtBalancingIntervalSeconds) {
        double linkMbps = scenario.hosts().get(0).linkMbps();
        return switch (name) {
            case "none" -> new NoMigrationPolicy();
            case "thr" -> new ThresholdMmtPolicy();
            case "lr" -> new LocalRegressionMmtPolicy(LocalRegressionMmtPolicy.SAFETY, scenario.stepSeconds(), linkMbps);
            case "ovirt-even" -> new OvirtEvenDistributionPolicy(OvirtEvenDistributionPolicy.HIGH_UTILIZATION_PERCENT,
                    OvirtEvenDistributionPolicy.CPU_OVER_COMMIT_DURATION_MINUTES, scenario.stepSeconds(),
                    ovirtBalancingIntervalSeconds);
            case "watcher-wb" -> new WatcherWorkloadBalancePolicy(WatcherWorkloadBalancePolicy.THRESHOLD_PERCENT);
            case "pwb" -> PwbPolicy.create(mode, scenario);
            default -> throw new IllegalArgumentException("unknown policy '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}
