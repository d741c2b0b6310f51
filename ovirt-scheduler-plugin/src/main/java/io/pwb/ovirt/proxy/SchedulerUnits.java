package io.pwb.ovirt.proxy;

/** The policy units PWB reports to the oVirt engine in {@code discover}, by their exact names. */
public final class SchedulerUnits {

    public static final String FILTER = "PwbPredictiveFilter";
    public static final String WEIGHT = "PwbPredictiveWeight";
    public static final String BALANCE = "PwbPredictiveBalance";

    public static final String FILTER_DESCRIPTION = "PWB: keeps only hosts whose forecast free capacity, after "
            + "pending PWB reservations, fits the VM over the forecast horizon; passes every host PWB has no data for, "
            + "the host held for a VM's move back, and all hosts when none would be left.";
    public static final String WEIGHT_DESCRIPTION = "PWB: prefers hosts with the most forecast headroom over the "
            + "horizon (after pending PWB reservations), and above all the host held for a VM's move back; lower is "
            + "better, unknown hosts get a neutral score.";
    public static final String BALANCE_DESCRIPTION = "PWB: names at most one VM per run for the engine to migrate: "
            + "first a pending move back (a VM whose PWB move proved harmful, to its original host), else a VM off a "
            + "host predicted to exceed HighUtilization within HorizonMinutes, with its target, whose capacity PWB "
            + "reserves. Names none in advisory Mode.";

    /**
     * The {@code properties_validation} map in the syntax the engine accepts ({@code key=regex(;key=regex)*}; no
     * {@code ;} inside a regex). HighUtilization uses the engine's own regex so that it can be shared with the
     * built-in balancers' property of the same name.
     */
    public static final String PROPERTIES_VALIDATION = PolicyProperties.HIGH_UTILIZATION + "="
            + PolicyProperties.HIGH_UTILIZATION_PATTERN.pattern() + ";"
            + PolicyProperties.HORIZON_MINUTES + "=" + PolicyProperties.HORIZON_MINUTES_PATTERN.pattern() + ";"
            + PolicyProperties.MODE + "=" + PolicyProperties.MODE_PATTERN.pattern();

    private SchedulerUnits() {
    }
}
