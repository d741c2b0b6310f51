package io.pwb.engine.forecast.model;

import io.pwb.engine.series.DoubleRing;

/** The mean of the latest {@code window} values (fewer while filling up), for every step ahead. */
public final class MovingAverageModel implements ForecastModel {
    private final int window;
    private final DoubleRing values;
    private double sum;
    private int sinceResum;

    public MovingAverageModel(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
        this.window = window;
        this.values = new DoubleRing(window);
    }

    @Override
    public String name() {
        return "moving_average_" + window;
    }

    @Override
    public void update(double value) {
        double dropped = values.add(value);
        sum += value - (Double.isNaN(dropped) ? 0 : dropped);
        // Re-add from scratch now and then so that rounding errors of the running sum cannot accumulate.
        if (++sinceResum >= 64 * window) {
            sinceResum = 0;
            sum = 0;
            for (int i = 0; i < values.size(); i++) {
                sum += values.get(i);
            }
        }
    }

    @Override
    public double forecast(int h) {
        return values.size() == 0 ? Double.NaN : sum / values.size();
    }

    @Override
    public boolean ready() {
        return values.size() > 0;
    }

    @Override
    public void reset() {
        values.clear();
        sum = 0;
        sinceResum = 0;
    }
}
