package io.pwb.engine.series;

/** Alignment of timestamps to a fixed step: a sample belongs to the nearest step boundary. */
public final class StepGrid {
    private StepGrid() {
    }

    /** Index of the step nearest to {@code timestampSeconds} (step k covers [k*step - step/2, k*step + step/2)). */
    public static long stepIndex(long timestampSeconds, int stepSeconds) {
        return Math.floorDiv(timestampSeconds + stepSeconds / 2, (long) stepSeconds);
    }
}
