package io.pwb.engine.forecast;

/**
 * Rolling out-of-sample accuracy of one series' forecasts, so that callers can refuse to act on poor ones.
 *
 * @param samples        number of forecast/actual pairs measured
 * @param mae            mean absolute error at the full horizon, in the series' unit
 * @param rmse           root mean squared error at the full horizon
 * @param upperCoverage  fraction of actuals at or below the upper bound
 */
public record ForecastAccuracy(long samples, double mae, double rmse, double upperCoverage) {
    public static final ForecastAccuracy UNKNOWN = new ForecastAccuracy(0, Double.NaN, Double.NaN, Double.NaN);
}
