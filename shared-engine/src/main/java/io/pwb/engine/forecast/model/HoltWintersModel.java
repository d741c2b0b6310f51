package io.pwb.engine.forecast.model;

/**
 * Additive Holt-Winters with a damped trend and a season of {@code seasonSteps} (one day): level, slope and one
 * seasonal offset per step of the day. It needs two full seasons to start (the initial season is the average of the
 * first two days' shapes); until its first fit it is not {@link #ready()}. Alpha, beta, gamma and phi are fitted
 * with Nelder-Mead to minimise the in-sample mean absolute error at the forecast horizon.
 */
public final class HoltWintersModel implements ForecastModel {
    private static final double[] LOWER = {0.01, 0.001, 0.001, 0.80};
    private static final double[] UPPER = {1.00, 0.30, 0.50, 0.98};

    private final int seasonSteps;
    private final int fitHorizonSteps;
    private boolean fitted;
    private double alpha = 0.3;
    private double beta = 0.01;
    private double gamma = 0.1;
    private double phi = 0.9;
    private double[] phiSums;
    private final double[] season;
    private double level = Double.NaN;
    private double slope;
    private long t;

    public HoltWintersModel(int seasonSteps, int fitHorizonSteps) {
        if (seasonSteps < 2) {
            throw new IllegalArgumentException("seasonSteps must be >= 2");
        }
        this.seasonSteps = seasonSteps;
        this.fitHorizonSteps = fitHorizonSteps;
        this.season = new double[seasonSteps];
        this.phiSums = DampedTrendModel.phiSums(phi, fitHorizonSteps);
    }

    @Override
    public String name() {
        return "holt_winters";
    }

    public double[] parameters() {
        return new double[]{alpha, beta, gamma, phi};
    }

    @Override
    public void update(double y) {
        if (Double.isNaN(level)) {
            return; // not initialised: waits for a fit on two seasons of history
        }
        int p = (int) (t % seasonSteps);
        double prev = level;
        double damped = phi * slope;
        level = alpha * (y - season[p]) + (1 - alpha) * (prev + damped);
        slope = beta * (level - prev) + (1 - beta) * damped;
        season[p] = gamma * (y - prev - damped) + (1 - gamma) * season[p];
        t++;
    }

    @Override
    public double forecast(int h) {
        if (Double.isNaN(level)) {
            return Double.NaN;
        }
        if (h >= phiSums.length) {
            phiSums = DampedTrendModel.phiSums(phi, h);
        }
        return level + phiSums[h] * slope + season[(int) ((t + h - 1) % seasonSteps)];
    }

    @Override
    public boolean ready() {
        return !Double.isNaN(level);
    }

    @Override
    public boolean flat() {
        return false;
    }

    @Override
    public void reset() {
        level = Double.NaN;
        slope = 0;
        t = 0;
        java.util.Arrays.fill(season, 0);
    }

    @Override
    public void refit(double[] history) {
        if (history.length < 2 * seasonSteps + fitHorizonSteps) {
            return;
        }
        double[] p = ParameterFit.minimise(q -> run(history, q[0], q[1], q[2], q[3], fitHorizonSteps, false),
                new double[]{alpha, beta, gamma, phi}, LOWER, UPPER, fitted);
        fitted = true;
        alpha = p[0];
        beta = p[1];
        gamma = p[2];
        phi = p[3];
        phiSums = DampedTrendModel.phiSums(phi, Math.max(fitHorizonSteps, phiSums.length - 1));
        run(history, alpha, beta, gamma, phi, fitHorizonSteps, true);
    }

    /**
     * Initialises from the first two seasons and filters the whole history; returns the mean absolute error at
     * {@code h} steps ahead over the origins after the first season. With {@code keep} the final state is kept.
     */
    private double run(double[] y, double a, double b, double g, double ph, int h, boolean keep) {
        int m = seasonSteps;
        double mean1 = 0;
        double mean2 = 0;
        for (int i = 0; i < m; i++) {
            mean1 += y[i];
            mean2 += y[m + i];
        }
        mean1 /= m;
        mean2 /= m;
        double[] s = keep ? season : new double[m];
        for (int i = 0; i < m; i++) {
            s[i] = 0.5 * ((y[i] - mean1) + (y[m + i] - mean2));
        }
        double l = mean1 - 0.5 * (mean2 - mean1) / m * (m - 1); // level just before the first step
        double slp = (mean2 - mean1) / m;
        double phiSumH = DampedTrendModel.phiSums(ph, h)[h];
        double sum = 0;
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            int p = i % m;
            double prev = l;
            double damped = ph * slp;
            l = a * (y[i] - s[p]) + (1 - a) * (prev + damped);
            slp = b * (l - prev) + (1 - b) * damped;
            s[p] = g * (y[i] - prev - damped) + (1 - g) * s[p];
            if (i >= m && i + h < y.length) {
                sum += Math.abs(y[i + h] - (l + phiSumH * slp + s[(i + h) % m]));
                n++;
            }
        }
        if (keep) {
            level = l;
            slope = slp;
            t = y.length;
        }
        return n == 0 ? Double.MAX_VALUE : sum / n;
    }
}
