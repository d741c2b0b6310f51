package io.pwb.engine.planning;

/** Why a move was decided. */
public enum DecisionKind {
    /** A host is predicted to exceed its threshold within the horizon. */
    RELIEVE_OVERLOAD,
    /** Balance mode: a host could not absorb a sudden jump of one of its VMs back to its recent peak. */
    PROTECT_FROM_BURST,
    /** A host enters maintenance soon. */
    EVACUATE_FOR_MAINTENANCE,
    /** Cost mode: empty a lightly used host so that it can power down. */
    CONSOLIDATE,
    /** A rolled-back move is reversed. */
    MOVE_BACK
}
