package io.pwb.engine.forecast.model;

import io.pwb.engine.series.SortedWindow;

/** The median of the latest {@code window} values, for every step ahead: robust to isolated spikes. */
public final class MovingMedianModel implements ForecastModel {
    private final int window;
    private final SortedWindow values;

    public MovingMedianModel(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
        this.window = window;
        this.values = new SortedWindow(window);
    }

    @Override
    public String name() {
        return "moving_median_" + window;
    }

    @Override
    public void update(double value) {
        values.add(value);
    }

    @Override
    public double forecast(int h) {
        return values.median();
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
