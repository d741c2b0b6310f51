package io.pwb.engine.shadow;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of a shadow: RESERVED -> MIGRATING -> VERIFYING -> COMMITTED | ROLLED_BACK | EXPIRED. EXPIRED from
 * RESERVED: the platform did not move the VM; from VERIFYING: the VM moved but its target was never observed well
 * enough to call the move a success (unverified).
 */
public enum ShadowState {
    RESERVED,
    MIGRATING,
    VERIFYING,
    COMMITTED,
    ROLLED_BACK,
    EXPIRED;

    /** Active shadows hold capacity on their target. */
    public boolean active() {
        return this == RESERVED || this == MIGRATING || this == VERIFYING;
    }

    public boolean terminal() {
        return !active();
    }

    public Set<ShadowState> next() {
        return switch (this) {
            case RESERVED -> EnumSet.of(MIGRATING, EXPIRED, ROLLED_BACK);
            case MIGRATING -> EnumSet.of(VERIFYING, ROLLED_BACK);
            case VERIFYING -> EnumSet.of(COMMITTED, ROLLED_BACK, EXPIRED); // EXPIRED: moved but never verified
            case COMMITTED, ROLLED_BACK, EXPIRED -> EnumSet.noneOf(ShadowState.class);
        };
    }

    public boolean canMoveTo(ShadowState to) {
        return next().contains(to);
    }
}
