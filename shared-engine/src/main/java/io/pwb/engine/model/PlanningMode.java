package io.pwb.engine.model;

/** What the planner optimises for. */
public enum PlanningMode {
    /** Performance first: relieve predicted overloads, evacuate before maintenance. */
    BALANCE,
    /** Balance, and also consolidate onto fewer hosts when forecasts say it is safe. */
    COST,
    /** Record decisions only: reserve nothing, act on nothing. */
    ADVISORY;

    public static PlanningMode fromKey(String key) {
        for (PlanningMode m : values()) {
            if (m.name().equalsIgnoreCase(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown planning mode '" + key + "', expected balance, cost or advisory");
    }
}
