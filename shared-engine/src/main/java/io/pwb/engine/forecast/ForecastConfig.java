package io.pwb.engine.forecast;

import io.pwb.engine.model.Metric;

/**
 * Settings of one series' forecaster. {@link #defaults()} suits 5-minute monitoring data; every count is in steps
 * of {@code stepSeconds}.
 *
 * @param stepSeconds            spacing of the series; timestamps are aligned to the nearest step
 * @param horizonSteps           longest horizon H scored and selected for (forecasts beyond it reuse step H's bound)
 * @param upperQuantile          quantile of the upper bound, in (0, 1)
 * @param seasonSteps            length of the daily season (86,400 s / step)
 * @param maxGapSteps            a gap of more missing steps than this resets the state; shorter gaps are interpolated
 * @param minTrainingSteps       steps since the last reset before the forecast is trusted ({@link Forecast#training()})
 * @param historySteps           raw history kept for fitting the parametric models (at least two seasons for
 *                               Holt-Winters)
 * @param errorWindowSteps       how many recent errors per horizon step feed the upper bound and the accuracy
 * @param selectionWindowSteps   span of the exponentially weighted error by which models are compared
 * @param maxValue               values above this are rejected as absurd
 */
public record ForecastConfig(int stepSeconds, int horizonSteps, double upperQuantile, int seasonSteps,
                             int maxGapSteps, int minTrainingSteps, int historySteps, int errorWindowSteps,
                             int selectionWindowSteps, double maxValue) {

    public static final int DEFAULT_STEP_SECONDS = 300;
    private static final int SECONDS_PER_DAY = 86_400;

    public ForecastConfig {
        require(stepSeconds > 0, "stepSeconds must be > 0");
        require(horizonSteps >= 1, "horizonSteps must be >= 1");
        require(upperQuantile > 0 && upperQuantile < 1, "upperQuantile must be in (0, 1)");
        require(seasonSteps >= 2, "seasonSteps must be >= 2");
        require(maxGapSteps >= 0, "maxGapSteps must be >= 0");
        require(minTrainingSteps >= 1, "minTrainingSteps must be >= 1");
        require(historySteps >= 2 * horizonSteps, "historySteps must be >= 2 x horizonSteps");
        require(errorWindowSteps >= 1, "errorWindowSteps must be >= 1");
        require(selectionWindowSteps >= 1, "selectionWindowSteps must be >= 1");
        require(maxValue > 0 && !Double.isNaN(maxValue), "maxValue must be > 0");
    }

    /** 5-minute steps, one hour ahead, 95 % bound, a daily season, up to three days of history. */
    public static ForecastConfig defaults() {
        return ofStep(DEFAULT_STEP_SECONDS, 12);
    }

    /** Defaults for another step and horizon, with the season, gap and windows expressed in time. */
    public static ForecastConfig ofStep(int stepSeconds, int horizonSteps) {
        int perHour = Math.max(1, 3600 / stepSeconds);
        int season = Math.max(2, SECONDS_PER_DAY / stepSeconds);
        return new ForecastConfig(stepSeconds, horizonSteps, 0.95, season,
                perHour,                       // up to one hour missing is bridged
                Math.max(2 * horizonSteps, 2 * perHour),
                Math.max(3 * season, 2 * horizonSteps),
                Math.max(20 * horizonSteps, 144),
                Math.max(7 * season, 2 * horizonSteps),
                Double.MAX_VALUE);
    }

    /** Defaults with a plausibility limit suited to {@code metric} (e.g. CPU percent above 1,000 is absurd). */
    public static ForecastConfig forMetric(Metric metric) {
        ForecastConfig d = defaults();
        return switch (metric) {
            // Some platforms report a little over 100 % (bursting); ten times a VM's own vCPUs is a broken reading.
            case CPU_PERCENT -> d.withMaxValue(1_000);
            default -> d;
        };
    }

    public ForecastConfig withHorizonSteps(int h) {
        return new ForecastConfig(stepSeconds, h, upperQuantile, seasonSteps, maxGapSteps,
                Math.max(minTrainingSteps, 1), Math.max(historySteps, 2 * h), errorWindowSteps,
                selectionWindowSteps, maxValue);
    }

    public ForecastConfig withUpperQuantile(double q) {
        return new ForecastConfig(stepSeconds, horizonSteps, q, seasonSteps, maxGapSteps, minTrainingSteps,
                historySteps, errorWindowSteps, selectionWindowSteps, maxValue);
    }

    public ForecastConfig withMaxGapSteps(int steps) {
        return new ForecastConfig(stepSeconds, horizonSteps, upperQuantile, seasonSteps, steps, minTrainingSteps,
                historySteps, errorWindowSteps, selectionWindowSteps, maxValue);
    }

    public ForecastConfig withMinTrainingSteps(int steps) {
        return new ForecastConfig(stepSeconds, horizonSteps, upperQuantile, seasonSteps, maxGapSteps, steps,
                historySteps, errorWindowSteps, selectionWindowSteps, maxValue);
    }

    public ForecastConfig withSeasonSteps(int steps) {
        return new ForecastConfig(stepSeconds, horizonSteps, upperQuantile, steps, maxGapSteps, minTrainingSteps,
                Math.max(historySteps, 2 * steps), errorWindowSteps, Math.max(selectionWindowSteps, 1), maxValue);
    }

    public ForecastConfig withMaxValue(double max) {
        return new ForecastConfig(stepSeconds, horizonSteps, upperQuantile, seasonSteps, maxGapSteps,
                minTrainingSteps, historySteps, errorWindowSteps, selectionWindowSteps, max);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
