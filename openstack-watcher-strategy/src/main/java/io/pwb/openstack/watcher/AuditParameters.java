package io.pwb.openstack.watcher;

/**
 * The audit's strategy parameters that matter to planning (the Python plugin declares them with defaults).
 *
 * @param thresholdPercent host CPU utilisation (% of physical vCPUs) above which a host is relieved
 * @param horizonMinutes   how far ahead the forecast must stay under the threshold
 * @param maxMigrations    cap on moves per audit
 * @param mode             advisory, balance or cost
 */
public record AuditParameters(double thresholdPercent, int horizonMinutes, int maxMigrations, String mode) {

    public static final double DEFAULT_THRESHOLD_PERCENT = 25.0;
    public static final int DEFAULT_HORIZON_MINUTES = 60;
    public static final int DEFAULT_MAX_MIGRATIONS = 3;

    public AuditParameters {
        thresholdPercent = thresholdPercent <= 0 ? DEFAULT_THRESHOLD_PERCENT : thresholdPercent;
        horizonMinutes = horizonMinutes <= 0 ? DEFAULT_HORIZON_MINUTES : horizonMinutes;
        maxMigrations = maxMigrations < 0 ? DEFAULT_MAX_MIGRATIONS : maxMigrations;
    }

    public static AuditParameters defaults() {
        return new AuditParameters(DEFAULT_THRESHOLD_PERCENT, DEFAULT_HORIZON_MINUTES, DEFAULT_MAX_MIGRATIONS, null);
    }

    public PlanningMode planningMode() {
        return PlanningMode.parse(mode);
    }
}
