package io.pwb.engine.series;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts of what happened to the samples offered to one series.
 *
 * @param outcomes     how many samples ended with each outcome (accepted kinds and rejection reasons)
 * @param filledSteps  steps synthesised by interpolation across short gaps
 * @param resets       times the state was reset after a long gap
 */
public record SeriesCounters(Map<SampleOutcome, Long> outcomes, long filledSteps, long resets) {
    public SeriesCounters {
        EnumMap<SampleOutcome, Long> copy = new EnumMap<>(SampleOutcome.class);
        copy.putAll(outcomes);
        outcomes = Collections.unmodifiableMap(copy);
    }

    public long count(SampleOutcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    public long accepted() {
        return outcomes.entrySet().stream().filter(e -> e.getKey().accepted()).mapToLong(Map.Entry::getValue).sum();
    }

    public long rejected() {
        return outcomes.entrySet().stream().filter(e -> !e.getKey().accepted()).mapToLong(Map.Entry::getValue).sum();
    }
}
