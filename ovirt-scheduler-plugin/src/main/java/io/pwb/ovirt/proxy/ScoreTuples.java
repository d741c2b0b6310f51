package io.pwb.ovirt.proxy;

/**
 * How {@code runCostFunctions} reports scores. The engine accepts both forms (reference §3.2).
 */
public enum ScoreTuples {
    /**
     * {@code [hostId, score, "PwbPredictiveWeight"]}: the raw score under the unit's name; the engine applies the
     * factor the administrator set in the policy and ranks per unit (RankSelector, the default selector).
     */
    PER_UNIT,
    /**
     * {@code [hostId, weight x score]}: pre-weighted with the factor sent in the call, as the Python proxy does;
     * the engine stores it under no unit with factor 1. For engines older than 4.3.
     */
    PRE_WEIGHTED
}
