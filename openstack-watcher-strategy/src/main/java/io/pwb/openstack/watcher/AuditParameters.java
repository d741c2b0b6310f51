package io.pwb.openstack.watcher;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The audit's strategy parameters that matter to planning (the Python plugin declares them with defaults).
 * Values are kept as given, so that {@link WatcherRequestValidator} can refuse a zero threshold instead of quietly
 * planning with the default; only parameters left out of a request get their defaults.
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

    /** A request's parameters: an absent one takes its default. */
    @JsonCreator
    public static AuditParameters fromRequest(@JsonProperty("thresholdPercent") Double thresholdPercent,
                                              @JsonProperty("horizonMinutes") Integer horizonMinutes,
                                              @JsonProperty("maxMigrations") Integer maxMigrations,
                                              @JsonProperty("mode") String mode) {
        return new AuditParameters(thresholdPercent == null ? DEFAULT_THRESHOLD_PERCENT : thresholdPercent,
                horizonMinutes == null ? DEFAULT_HORIZON_MINUTES : horizonMinutes,
                maxMigrations == null ? DEFAULT_MAX_MIGRATIONS : maxMigrations, mode);
    }

    public static AuditParameters defaults() {
        return new AuditParameters(DEFAULT_THRESHOLD_PERCENT, DEFAULT_HORIZON_MINUTES, DEFAULT_MAX_MIGRATIONS, null);
    }

    public PlanningMode planningMode() {
        return PlanningMode.parse(mode);
    }
}
