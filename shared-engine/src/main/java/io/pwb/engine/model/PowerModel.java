package io.pwb.engine.model;

import java.util.Arrays;

/**
 * Power drawn by a host as a function of its CPU utilisation, as an 11-point table at 0, 10, ..., 100 % CPU
 * (the SPECpower_ssj2008 format), linear between points. A linear idle/max model is the two-point special case.
 */
public record PowerModel(double[] wattsAtTenPercentSteps) {

    public PowerModel {
        if (wattsAtTenPercentSteps == null || wattsAtTenPercentSteps.length != 11) {
            throw new IllegalArgumentException("a power table needs 11 points (0, 10, ..., 100 % CPU)");
        }
        for (double w : wattsAtTenPercentSteps) {
            if (!Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("power table values must be finite and non-negative: "
                        + Arrays.toString(wattsAtTenPercentSteps));
            }
        }
        wattsAtTenPercentSteps = wattsAtTenPercentSteps.clone();
    }

    /** Linear model between idle and full load. */
    public static PowerModel linear(double idleWatts, double maxWatts) {
        double[] t = new double[11];
        for (int i = 0; i <= 10; i++) {
            t[i] = idleWatts + (maxWatts - idleWatts) * i / 10.0;
        }
        return new PowerModel(t);
    }

    /** HP ProLiant ML110 G4 (Xeon 3040), SPECpower_ssj2008. */
    public static final PowerModel HP_PROLIANT_ML110_G4 =
            new PowerModel(new double[]{86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117});

    /** HP ProLiant ML110 G5 (Xeon 3075), SPECpower_ssj2008. */
    public static final PowerModel HP_PROLIANT_ML110_G5 =
            new PowerModel(new double[]{93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135});

    /** Watts at a utilisation in [0, 1]; values outside are clamped (a host cannot draw more than at 100 %). */
    public double watts(double utilisation) {
        if (Double.isNaN(utilisation)) {
            throw new IllegalArgumentException("utilisation is NaN");
        }
        double u = Math.max(0.0, Math.min(1.0, utilisation)) * 10.0;
        int lo = (int) Math.floor(u);
        if (lo >= 10) {
            return wattsAtTenPercentSteps[10];
        }
        double frac = u - lo;
        return wattsAtTenPercentSteps[lo] + (wattsAtTenPercentSteps[lo + 1] - wattsAtTenPercentSteps[lo]) * frac;
    }

    public double idleWatts() {
        return wattsAtTenPercentSteps[0];
    }

    public double maxWatts() {
        return wattsAtTenPercentSteps[10];
    }

    @Override
    public double[] wattsAtTenPercentSteps() {
        return wattsAtTenPercentSteps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PowerModel p && Arrays.equals(wattsAtTenPercentSteps, p.wattsAtTenPercentSteps);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(wattsAtTenPercentSteps);
    }

    @Override
    public String toString() {
        return "PowerModel" + Arrays.toString(wattsAtTenPercentSteps);
    }
}
