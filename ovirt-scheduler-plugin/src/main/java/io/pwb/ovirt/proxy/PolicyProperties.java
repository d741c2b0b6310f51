package io.pwb.ovirt.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The scheduling-policy properties PWB reads from the cluster's {@code properties_map}. Each is empty when the
 * administrator did not set it (or set a value PWB cannot use): then the cluster's own PWB settings apply (see
 * {@code docs/ovirt.md}, "Properties"). Values come as strings (the engine validated them against
 * {@link SchedulerUnits#PROPERTIES_VALIDATION}); a value that does not match is ignored with a warning rather than
 * failing the call.
 *
 * @param highUtilizationPercent host utilisation above which a host counts as overloaded (50..99)
 * @param horizonMinutes         how far ahead forecasts are checked
 * @param mode                   what the balancer does with a decision
 * @param warnings               values that were ignored, for {@code plugin_errors}
 */
public record PolicyProperties(OptionalInt highUtilizationPercent, OptionalInt horizonMinutes, Optional<Mode> mode,
                               List<String> warnings) {

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
        /** Relieve predicted overload. */
        BALANCE,
        /** Like balance, with energy and licence cost weighted more heavily when ranking targets. */
        COST
    }

    public PolicyProperties {
        Objects.requireNonNull(highUtilizationPercent, "highUtilizationPercent");
        Objects.requireNonNull(horizonMinutes, "horizonMinutes");
        Objects.requireNonNull(mode, "mode");
        warnings = List.copyOf(warnings);
    }

    /** No property set: the cluster's own settings apply. */
    public static PolicyProperties none() {
        return new PolicyProperties(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), List.of());
    }

    /** Reads the properties PWB knows; other keys (the engine passes the whole policy's map) are ignored. */
    public static PolicyProperties from(Map<String, String> map) {
        List<String> warnings = new ArrayList<>();
        OptionalInt high = OptionalInt.empty();
        OptionalInt horizon = OptionalInt.empty();
        Optional<Mode> mode = Optional.empty();
        String v = map.get(HIGH_UTILIZATION);
        if (v != null) {
            if (HIGH_UTILIZATION_PATTERN.matcher(v.strip()).matches()) {
                high = OptionalInt.of(Integer.parseInt(v.strip()));
            } else {
                warnings.add(ignored(HIGH_UTILIZATION, v));
            }
        }
        v = map.get(HORIZON_MINUTES);
        if (v != null) {
            if (HORIZON_MINUTES_PATTERN.matcher(v.strip()).matches()) {
                horizon = OptionalInt.of(Integer.parseInt(v.strip()));
            } else {
                warnings.add(ignored(HORIZON_MINUTES, v));
            }
        }
        v = map.get(MODE);
        if (v != null) {
            if (MODE_PATTERN.matcher(v.strip()).matches()) {
                mode = Optional.of(Mode.valueOf(v.strip().toUpperCase(java.util.Locale.ROOT)));
            } else {
                warnings.add(ignored(MODE, v));
            }
        }
        return new PolicyProperties(high, horizon, mode, warnings);
    }

    private static String ignored(String key, String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "ignored " + key + "='" + shown + "', using the cluster's PWB setting";
    }
}
