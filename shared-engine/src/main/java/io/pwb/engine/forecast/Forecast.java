package io.pwb.engine.forecast;

import java.util.Arrays;

/**
 * A forecast of one series for horizon steps 1..H.
 *
 * @param model          name of the model that produced it (the per-series selection)
 * @param stepSeconds    spacing of the steps
 * @param point          point forecast per step, index 0 = one step ahead
 * @param upper          upper bound per step at {@code upperQuantile}
 * @param upperQuantile  quantile of the upper bound, e.g. 0.95
 * @param training       true while the series has too little history to be trusted (never act on it)
 * @param accuracy       measured out-of-sample accuracy of this series' forecasts
 * @param recentPeak     highest value the series reached over its last day, never below the forecast's own points
 *                       (which is all it is when no history is known): how far it has jumped lately, which a smooth
 *                       forecast hides
 */
public record Forecast(String model, int stepSeconds, double[] point, double[] upper, double upperQuantile,
                       boolean training, ForecastAccuracy accuracy, double recentPeak) {

    /** A forecast without history: its recent peak is its own highest point. */
    public Forecast(String model, int stepSeconds, double[] point, double[] upper, double upperQuantile,
                    boolean training, ForecastAccuracy accuracy) {
        this(model, stepSeconds, point, upper, upperQuantile, training, accuracy, 0);
    }

    private static double highest(double[] values) {
        double max = 0;
        for (double v : values) {
            if (v > max) {
                max = v;
            }
        }
        return max;
    }

    public Forecast {
        if (point == null || upper == null || point.length != upper.length) {
            throw new IllegalArgumentException("point and upper must be non-null and of equal length");
        }
        point = point.clone();
        upper = upper.clone();
        recentPeak = Math.max(recentPeak, highest(point));
    }

    public int horizonSteps() {
        return point.length;
    }

    @Override
    public double[] point() {
        return point.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    /** Point forecast at step h (1-based), without copying. */
    public double pointAt(int h) {
        return point[h - 1];
    }

    /** Upper bound at step h (1-based), without copying. */
    public double upperAt(int h) {
        return upper[h - 1];
    }

    /** Highest upper bound over the whole horizon. */
    public double peakUpper() {
        return Arrays.stream(upper).max().orElse(Double.NaN);
    }

    /** A flat forecast: every step equals {@code value} (used when only the current value is known). */
    public static Forecast flat(double value, int steps, int stepSeconds) {
        double[] v = new double[steps];
        Arrays.fill(v, value);
        return new Forecast("current", stepSeconds, v, v, 0.0, false, ForecastAccuracy.UNKNOWN);
    }
}
