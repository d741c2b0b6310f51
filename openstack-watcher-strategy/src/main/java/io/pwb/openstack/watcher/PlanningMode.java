package io.pwb.openstack.watcher;

import java.util.Locale;

/** How an audit uses PWB's moves. */
public enum PlanningMode {
    /** Plan and explain, but Watcher gets no actions (decisions are only recorded). */
    ADVISORY,
    /** Relieve hosts above the threshold, preferring moves that even out host CPU. */
    BALANCE,
    /** Relieve hosts above the threshold, preferring already busy destinations so idle hosts stay idle. */
    COST;

    public static PlanningMode parse(String text) {
        if (text == null || text.isBlank()) {
            return BALANCE;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be advisory, balance or cost, not '" + text + "'");
        }
    }
}
