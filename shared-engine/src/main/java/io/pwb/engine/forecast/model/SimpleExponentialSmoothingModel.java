package io.pwb.engine.forecast.model;

/**
 * Simple exponential smoothing: a level that follows the data with weight alpha, flat forecast. Alpha is fitted to
 * minimise the in-sample mean absolute error at the forecast horizon (the error the forecast is used for).
 */
public final class SimpleExponentialSmoothingModel implements ForecastModel {
    private final int fitHorizonSteps;
    private boolean fitted;
    private double alpha;
    private double level = Double.NaN;

    public SimpleExponentialSmoothingModel(int fitHorizonSteps, double initialAlpha) {
        this.fitHorizonSteps = fitHorizonSteps;
        this.alpha = initialAlpha;
    }

    @Override
    public String name() {
        return "ses";
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public void update(double value) {
        level = Double.isNaN(level) ? value : level + alpha * (value - level);
    }

    @Override
    public double forecast(int h) {
        return level;
    }

    @Override
    public boolean ready() {
        return !Double.isNaN(level);
    }

    @Override
    public void reset() {
        level = Double.NaN;
    }

    @Override
    public void refit(double[] history) {
        if (history.length < 2 * fitHorizonSteps + 2) {
            return;
        }
        alpha = ParameterFit.minimise(p -> loss(history, p[0], fitHorizonSteps),
                new double[]{alpha}, new double[]{0.01}, new double[]{1.0}, fitted)[0];
        fitted = true;
        level = Double.NaN;
        for (double y : history) {
            update(y);
        }
    }

    /** Mean absolute in-sample error at {@code h} steps ahead. */
    static double loss(double[] y, double alpha, int h) {
        double l = y[0];
        double sum = 0;
        int n = 0;
        for (int t = 1; t + h < y.length; t++) {
            l += alpha * (y[t] - l);
            sum += Math.abs(y[t + h] - l);
            n++;
        }
        return n == 0 ? Double.MAX_VALUE : sum / n;
    }
}
