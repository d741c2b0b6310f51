package io.pwb.engine.forecast;

import io.pwb.engine.model.Metric;

/** Creates series forecasters. */
public final class Forecasters {
    private Forecasters() {
    }

    /** The adaptive forecaster (per-series model selection, conformal upper bound) with default settings. */
    public static SeriesForecaster create() {
        return create(ForecastConfig.defaults());
    }

    public static SeriesForecaster create(ForecastConfig config) {
        return new AdaptiveForecaster(config);
    }

    /** Default settings with the plausibility limit of {@code metric}. */
    public static SeriesForecaster forMetric(Metric metric) {
        return create(ForecastConfig.forMetric(metric));
    }
}
