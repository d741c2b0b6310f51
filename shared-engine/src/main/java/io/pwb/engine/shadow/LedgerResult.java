package io.pwb.engine.shadow;

import java.util.List;

/** What a ledger call did: changed something, nothing to do (repeated observation), or refused. */
public sealed interface LedgerResult {

    /** The transitions made, in order. */
    record Changed(List<ShadowEvent> events) implements LedgerResult {
        public Changed {
            events = List.copyOf(events);
        }
    }

    /** Nothing happened, e.g. the same observation twice. */
    record Unchanged(String why) implements LedgerResult {
    }

    /** The request was illegal (unknown shadow, illegal transition, bad value); nothing changed. */
    record Rejected(String why) implements LedgerResult {
    }

    default List<ShadowEvent> events() {
        return this instanceof Changed c ? c.events() : List.of();
    }

    default boolean changed() {
        return this instanceof Changed;
    }
}
