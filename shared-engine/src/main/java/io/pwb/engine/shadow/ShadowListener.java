package io.pwb.engine.shadow;

/**
 * Receives every transition, in order, while the ledger's lock is held (keep it quick; persisting a row is fine).
 * An exception thrown here propagates to the caller of the ledger method; the ledger state has already changed,
 * so a persisting listener can resynchronise from {@link ShadowLedger#all()}.
 */
@FunctionalInterface
public interface ShadowListener {
    void onTransition(ShadowEvent event);

    ShadowListener NONE = e -> { };
}
