package io.pwb.engine.forecast.model;

import io.pwb.engine.series.SortedWindow;

/**
 * A recent peak: the {@code quantile} of the latest {@code window} values, for every step ahead. Biased upwards on
 * purpose; it wins the selection only where demand stays near its recent highs.
 */
public final class PercentileModel implements ForecastModel {
    private final int window;
    private final double quantile;
    private final SortedWindow values;

    public PercentileModel(int window, double quantile) {
        if (window < 1 || !(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("window must be >= 1 and quantile in [0, 1]");
        }
        this.window = window;
        this.quantile = quantile;
        this.values = new SortedWindow(window);
    }

    @Override
    public String name() {
        return "percentile_" + Math.round(quantile * 100) + "_" + window;
    }

    @Override
    public void update(double value) {
        values.add(value);
    }

    @Override
    public double forecast(int h) {
        return values.quantile(quantile);
    }

    @Override
    public boolean ready() {
        return values.size() > 0;
    }

    @Override
    public void reset() {
        values.clear();
    }
}
