package io.pwb.engine.shadow;

/**
 * Timing and tolerance of the shadow life cycle.
 *
 * @param timeoutSeconds          a RESERVED shadow whose VM has not started moving expires after this; a MIGRATING
 *                                one whose VM has not arrived is rolled back
 * @param verificationSeconds     how long the target is watched after the VM arrives
 * @param toleranceUtilisation    observed target utilisation may exceed the prediction by this much
 * @param vmCoolDownSeconds       a moved (or rolled-back) VM is not moved again for this long
 * @param hostCoolDownSeconds     nothing is placed on the target of a rolled-back move for this long
 * @param observationGraceSeconds a move is only committed on evidence: when the verification window ends without an
 *                                observation of the target (or while the target is above its limit), the shadow
 *                                keeps verifying for up to this much longer, then ends EXPIRED as unverified
 * @param harmfulObservations     a move is rolled back only when this many consecutive observations of the target
 *                                are above the limit (one spike does not undo a good move); 1 = the first one
 * @param returnMemorySeconds     move history: for this long after a VM left a host, moving it back there needs a
 *                                clearly better reason than an ordinary move (see next), fading linearly to nothing;
 *                                consolidation never moves it back there
 * @param returnExtraGainUtilisation the extra gain (share of capacity, on top of the planner's minimum gain) a move
 *                                back to the host the VM has just left must bring; it fades over returnMemorySeconds
 * @param expiredCoolDownSeconds  a VM whose reserved move expired because the platform never moved it is not
 *                                proposed again for this long (else the same move is asked for every cycle)
 */
public record ShadowSettings(long timeoutSeconds, long verificationSeconds, double toleranceUtilisation,
                             long vmCoolDownSeconds, long hostCoolDownSeconds, long observationGraceSeconds,
                             int harmfulObservations, long returnMemorySeconds, double returnExtraGainUtilisation,
                             long expiredCoolDownSeconds) {

    /** Default extra wait for evidence: one more verification window. */
    public static final long DEFAULT_OBSERVATION_GRACE_SECONDS = 900;
    /** Default: three consecutive observations (15 min at 5-minute samples, one verification window). */
    public static final int DEFAULT_HARMFUL_OBSERVATIONS = 3;
    /** Default move history: six hours, four times the 1.5 h return seen in the demo before it existed. */
    public static final long DEFAULT_RETURN_MEMORY_SECONDS = 6 * 3600;
    /** Default: right after leaving, a return must remove 10 points more excess than an ordinary move. */
    public static final double DEFAULT_RETURN_EXTRA_GAIN_UTILISATION = 0.10;
    /** Default: a move the platform did not carry out is not asked for again for 30 minutes. */
    public static final long DEFAULT_EXPIRED_COOL_DOWN_SECONDS = 1800;

    public static final ShadowSettings DEFAULT = new ShadowSettings(600, 900, 0.10, 1800, 1800);

    public ShadowSettings {
        if (timeoutSeconds < 1 || verificationSeconds < 0 || vmCoolDownSeconds < 0 || hostCoolDownSeconds < 0
                || observationGraceSeconds < 0 || returnMemorySeconds < 0 || expiredCoolDownSeconds < 0) {
            throw new IllegalArgumentException("shadow timeout must be >= 1 s, other durations >= 0 s");
        }
        if (!Double.isFinite(toleranceUtilisation) || toleranceUtilisation < 0) {
            throw new IllegalArgumentException("tolerance must be finite and non-negative, got "
                    + toleranceUtilisation);
        }
        if (!Double.isFinite(returnExtraGainUtilisation) || returnExtraGainUtilisation < 0) {
            throw new IllegalArgumentException("return extra gain must be finite and non-negative, got "
                    + returnExtraGainUtilisation);
        }
        if (harmfulObservations < 1) {
            throw new IllegalArgumentException("harmful observations must be >= 1, got " + harmfulObservations);
        }
    }

    /** The default observation grace, smoothing, move history and cool-down after an expired reservation. */
    public ShadowSettings(long timeoutSeconds, long verificationSeconds, double toleranceUtilisation,
                          long vmCoolDownSeconds, long hostCoolDownSeconds) {
        this(timeoutSeconds, verificationSeconds, toleranceUtilisation, vmCoolDownSeconds, hostCoolDownSeconds,
                DEFAULT_OBSERVATION_GRACE_SECONDS, DEFAULT_HARMFUL_OBSERVATIONS, DEFAULT_RETURN_MEMORY_SECONDS,
                DEFAULT_RETURN_EXTRA_GAIN_UTILISATION, DEFAULT_EXPIRED_COOL_DOWN_SECONDS);
    }

    public ShadowSettings withObservationGraceSeconds(long seconds) {
        return new ShadowSettings(timeoutSeconds, verificationSeconds, toleranceUtilisation, vmCoolDownSeconds,
                hostCoolDownSeconds, seconds, harmfulObservations, returnMemorySeconds, returnExtraGainUtilisation,
                expiredCoolDownSeconds);
    }

    public ShadowSettings withHarmfulObservations(int n) {
        return new ShadowSettings(timeoutSeconds, verificationSeconds, toleranceUtilisation, vmCoolDownSeconds,
                hostCoolDownSeconds, observationGraceSeconds, n, returnMemorySeconds, returnExtraGainUtilisation,
                expiredCoolDownSeconds);
    }

    public ShadowSettings withReturnPenalty(long memorySeconds, double extraGainUtilisation) {
        return new ShadowSettings(timeoutSeconds, verificationSeconds, toleranceUtilisation, vmCoolDownSeconds,
                hostCoolDownSeconds, observationGraceSeconds, harmfulObservations, memorySeconds,
                extraGainUtilisation, expiredCoolDownSeconds);
    }

    public ShadowSettings withExpiredCoolDownSeconds(long seconds) {
        return new ShadowSettings(timeoutSeconds, verificationSeconds, toleranceUtilisation, vmCoolDownSeconds,
                hostCoolDownSeconds, observationGraceSeconds, harmfulObservations, returnMemorySeconds,
                returnExtraGainUtilisation, seconds);
    }
}
