package io.pwb.engine.shadow;

/**
 * Timing and tolerance of the shadow life cycle.
 *
 * @param timeoutSeconds       a RESERVED shadow whose VM has not started moving expires after this; a MIGRATING
 *                             one whose VM has not arrived is rolled back
 * @param verificationSeconds  how long the target is watched after the VM arrives
 * @param toleranceUtilisation observed target utilisation may exceed the prediction by this much
 * @param vmCoolDownSeconds    a moved (or rolled-back) VM is not moved again for this long
 * @param hostCoolDownSeconds  nothing is placed on the target of a rolled-back move for this long
 */
public record ShadowSettings(long timeoutSeconds, long verificationSeconds, double toleranceUtilisation,
                             long vmCoolDownSeconds, long hostCoolDownSeconds) {

    public static final ShadowSettings DEFAULT = new ShadowSettings(600, 900, 0.10, 1800, 1800);

    public ShadowSettings {
        if (timeoutSeconds < 1 || verificationSeconds < 0 || vmCoolDownSeconds < 0 || hostCoolDownSeconds < 0) {
            throw new IllegalArgumentException("shadow timeout must be >= 1 s, other durations >= 0 s");
        }
        if (!Double.isFinite(toleranceUtilisation) || toleranceUtilisation < 0) {
            throw new IllegalArgumentException("tolerance must be finite and non-negative, got "
                    + toleranceUtilisation);
        }
    }
}
