package io.pwb.engine.series;

/**
 * What happened to one offered sample. Rejections are counted per reason (see {@link SeriesCounters}); a rejected
 * sample leaves the series unchanged.
 */
public enum SampleOutcome {
    /** Taken as the value of the next step. */
    ACCEPTED(true),
    /** Taken; the steps missing since the previous sample (a short gap) were filled by linear interpolation. */
    ACCEPTED_GAP_FILLED(true),
    /** Taken, but the gap since the previous sample was too long: the series' state was reset and training restarts. */
    ACCEPTED_AFTER_RESET(true),
    /** A second sample for a step that already has one; the first value of a step is kept. */
    REJECTED_DUPLICATE_STEP(false),
    /** Older than the latest step already taken. */
    REJECTED_OUT_OF_ORDER(false),
    /** NaN or infinite value. */
    REJECTED_NOT_FINITE(false),
    /** Negative value (every PWB metric is a non-negative quantity). */
    REJECTED_NEGATIVE(false),
    /** Above the configured plausible maximum for the metric. */
    REJECTED_ABSURD(false),
    /** Negative timestamp. */
    REJECTED_BAD_TIMESTAMP(false);

    private final boolean accepted;

    SampleOutcome(boolean accepted) {
        this.accepted = accepted;
    }

    public boolean accepted() {
        return accepted;
    }
}
