package io.pwb.engine.shadow;

import io.pwb.engine.model.Migration;
import java.time.Instant;

/**
 * One transition of one shadow, as persisted and shown.
 *
 * @param shadow   the shadow after the transition
 * @param from     state before; null when the shadow was created
 * @param to       state after
 * @param at       when (caller's clock: real or simulated)
 * @param reason   why
 * @param moveBack on a rollback of a VM that did move: the high-priority reverse move to perform; else null
 */
public record ShadowEvent(Shadow shadow, ShadowState from, ShadowState to, Instant at, String reason,
                          Migration moveBack) {
}
