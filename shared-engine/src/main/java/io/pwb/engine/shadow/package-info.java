/**
 * Shadows: capacity held on a move's target from the decision until the move is verified, with the life cycle
 * RESERVED, MIGRATING, VERIFYING, then COMMITTED, ROLLED_BACK or EXPIRED. Entry point: {@link
 * io.pwb.engine.shadow.ShadowLedger}. See docs/decisions.md.
 */
package io.pwb.engine.shadow;
