package io.pwb.engine.forecast.model;

/**
 * Holt's linear trend with a damped slope (Gardner and McKenzie): level, slope, and a damping factor phi < 1 so
 * that a trend fades over the horizon instead of running away. Alpha, beta and phi are fitted with Nelder-Mead to
 * minimise the in-sample mean absolute error at the forecast horizon.
 */
public final class DampedTrendModel implements ForecastModel {
    private static final double[] LOWER = {0.01, 0.001, 0.80};
    private static final double[] UPPER = {1.00, 0.50, 0.98};

    private final int fitHorizonSteps;
    private boolean fitted;
    private double alpha = 0.3;
    private double beta = 0.05;
    private double phi = 0.9;
    private double[] phiSums;
    private double level = Double.NaN;
    private double slope;
    private int seen;

    public DampedTrendModel(int fitHorizonSteps) {
        this.fitHorizonSteps = fitHorizonSteps;
        this.phiSums = phiSums(phi, fitHorizonSteps);
    }

    @Override
    public String name() {
        return "damped_trend";
    }

    public double[] parameters() {
        return new double[]{alpha, beta, phi};
    }

    @Override
    public void update(double y) {
        if (seen == 0) {
            level = y;
            slope = 0;
        } else {
            double prev = level;
            level = alpha * y + (1 - alpha) * (prev + phi * slope);
            slope = beta * (level - prev) + (1 - beta) * phi * slope;
        }
        seen++;
    }

    @Override
    public double forecast(int h) {
        if (h > fitHorizonSteps) {
            phiSums = phiSums(phi, h);
        }
        return level + phiSums[h] * slope;
    }

    @Override
    public boolean ready() {
        return seen >= 2;
    }

    @Override
    public boolean flat() {
        return false;
    }

    @Override
    public void reset() {
        level = Double.NaN;
        slope = 0;
        seen = 0;
    }

    @Override
    public void refit(double[] history) {
        if (history.length < 2 * fitHorizonSteps + 3) {
            return;
        }
        double[] p = ParameterFit.minimise(q -> loss(history, q[0], q[1], q[2], fitHorizonSteps),
                new double[]{alpha, beta, phi}, LOWER, UPPER, fitted);
        fitted = true;
        alpha = p[0];
        beta = p[1];
        phi = p[2];
        phiSums = phiSums(phi, Math.max(fitHorizonSteps, phiSums.length - 1));
        reset();
        for (double y : history) {
            update(y);
        }
    }

    /** phiSums[h] = phi + phi^2 + ... + phi^h, the weight of the slope h steps ahead. */
    static double[] phiSums(double phi, int horizon) {
        double[] s = new double[horizon + 1];
        double pow = 1;
        for (int h = 1; h <= horizon; h++) {
            pow *= phi;
            s[h] = s[h - 1] + pow;
        }
        return s;
    }

    static double loss(double[] y, double alpha, double beta, double phi, int h) {
        double phiSumH = phiSums(phi, h)[h];
        double l = y[0];
        double b = 0;
        double sum = 0;
        int n = 0;
        for (int t = 1; t + h < y.length; t++) {
            double prev = l;
            l = alpha * y[t] + (1 - alpha) * (prev + phi * b);
            b = beta * (l - prev) + (1 - beta) * phi * b;
            sum += Math.abs(y[t + h] - (l + phiSumH * b));
            n++;
        }
        return n == 0 ? Double.MAX_VALUE : sum / n;
    }
}
