package io.pwb.engine.forecast;

import io.pwb.engine.series.SampleOutcome;
import io.pwb.engine.series.SeriesCounters;
import java.util.Map;

/**
 * The forecaster of one series (one VM or host, one metric). Feed it samples as they arrive with
 * {@link #offer(long, double)} (amortised O(1) per sample) and ask for a {@link Forecast} whenever needed.
 * Not thread-safe: confine each instance to one thread at a time (or synchronise on it).
 */
public interface SeriesForecaster {

    /**
     * Offers one sample. The timestamp is aligned to the nearest step; bad values and bad timestamps are rejected
     * (and counted), never thrown.
     *
     * @param timestampSeconds epoch seconds of the sample
     * @param value            the measured value in the metric's unit
     * @return what happened to the sample
     */
    SampleOutcome offer(long timestampSeconds, double value);

    /**
     * Point forecast and upper bound for steps 1..{@code horizonSteps} after the latest step. Before any sample
     * it returns an empty-history forecast of zeros marked as training.
     */
    Forecast forecast(int horizonSteps);

    /**
     * Refits the parametric models (smoothing parameters) on the retained history now. The forecaster already does
     * this by itself on a doubling schedule while young and once per season after that; call it to force a refit,
     * e.g. after restoring a series from storage.
     */
    void refit();

    /** Rolling out-of-sample accuracy at the configured horizon (see {@link ForecastConfig#horizonSteps()}). */
    ForecastAccuracy accuracy();

    /** Counts of accepted, filled and rejected samples, by reason. */
    SeriesCounters counters();

    /** Name of the model currently selected for this series. */
    String selectedModel();

    /** Rolling mean absolute error at the configured horizon of each candidate model that has been scored. */
    Map<String, Double> modelErrors();

    /** True while the series has too little history since its start or last reset to be trusted. */
    boolean training();

    /** Epoch seconds of the latest step taken, or -1 before the first sample. */
    long lastStepSeconds();

    ForecastConfig config();
}
