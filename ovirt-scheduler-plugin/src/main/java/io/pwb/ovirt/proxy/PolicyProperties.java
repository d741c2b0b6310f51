package io.pwb.ovirt.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The scheduling-policy properties PWB reads from the cluster's {@code properties_map}, with defaults. Values come
 * as strings (the engine validated them against {@link SchedulerUnits#PROPERTIES_VALIDATION}); a value that does
 * not match is ignored with a warning rather than failing the call.
 *
 * @param highUtilizationPercent host CPU utilisation above which a host counts as overloaded (50..99)
 * @param horizonMinutes         how far ahead forecasts are checked
 * @param mode                   what the balancer does with a decision
 * @param warnings               values that were ignored, for {@code plugin_errors}
 */
public record PolicyProperties(int highUtilizationPercent, int horizonMinutes, Mode mode, List<String> warnings) {

    public static final int DEFAULT_HIGH_UTILIZATION_PERCENT = 80;
    public static final int DEFAULT_HORIZON_MINUTES = 60;

    public static final String HIGH_UTILIZATION = "HighUtilization";
    public static final String HORIZON_MINUTES = "HorizonMinutes";
    public static final String MODE = "Mode";

    static final Pattern HIGH_UTILIZATION_PATTERN = Pattern.compile("^([5-9][0-9])$");
    static final Pattern HORIZON_MINUTES_PATTERN = Pattern.compile("^([1-9][0-9]{0,3})$");
    static final Pattern MODE_PATTERN = Pattern.compile("^(advisory|balance|cost)$");

    /** What {@code PwbPredictiveBalance} does with a decision. */
    public enum Mode {
        /** Record the decision and return "nothing to migrate". */
        ADVISORY,
        /** Relieve predicted overload (default). */
        BALANCE,
        /** Like balance, with energy and licence cost weighted more heavily when ranking targets. */
        COST
    }

    public PolicyProperties {
        warnings = List.copyOf(warnings);
    }

    public static PolicyProperties defaults() {
        return new PolicyProperties(DEFAULT_HIGH_UTILIZATION_PERCENT, DEFAULT_HORIZON_MINUTES, Mode.BALANCE, List.of());
    }

    /** Reads the properties PWB knows; other keys (the engine passes the whole policy's map) are ignored. */
    public static PolicyProperties from(Map<String, String> map) {
        List<String> warnings = new ArrayList<>();
        int high = DEFAULT_HIGH_UTILIZATION_PERCENT;
        int horizon = DEFAULT_HORIZON_MINUTES;
        Mode mode = Mode.BALANCE;
        String v = map.get(HIGH_UTILIZATION);
        if (v != null) {
            if (HIGH_UTILIZATION_PATTERN.matcher(v.strip()).matches()) {
                high = Integer.parseInt(v.strip());
            } else {
                warnings.add(ignored(HIGH_UTILIZATION, v, high));
            }
        }
        v = map.get(HORIZON_MINUTES);
        if (v != null) {
            if (HORIZON_MINUTES_PATTERN.matcher(v.strip()).matches()) {
                horizon = Integer.parseInt(v.strip());
            } else {
                warnings.add(ignored(HORIZON_MINUTES, v, horizon));
            }
        }
        v = map.get(MODE);
        if (v != null) {
            if (MODE_PATTERN.matcher(v.strip()).matches()) {
                mode = Mode.valueOf(v.strip().toUpperCase(java.util.Locale.ROOT));
            } else {
                warnings.add(ignored(MODE, v, "balance"));
            }
        }
        return new PolicyProperties(high, horizon, mode, warnings);
    }

    private static String ignored(String key, String value, Object fallback) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "ignored " + key + "='" + shown + "', using " + fallback;
    }
}
