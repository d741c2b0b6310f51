package io.pwb.engine.forecast.model;

/** The last value, for every step ahead (the naive forecast). */
public final class PersistenceModel implements ForecastModel {
    private double last = Double.NaN;

    @Override
    public String name() {
        return "persistence";
    }

    @Override
    public void update(double value) {
        last = value;
    }

    @Override
    public double forecast(int h) {
        return last;
    }

    @Override
    public boolean ready() {
        return !Double.isNaN(last);
    }

    @Override
    public void reset() {
        last = Double.NaN;
    }
}
