package io.pwb.engine.forecast;

/** Exponentially weighted (span = window) absolute error, squared error and coverage of one series' forecasts. */
final class AccuracyTracker {
    private final double decay;
    private long samples;
    private double weight;
    private double absSum;
    private double sqSum;
    private double coveredSum;

    AccuracyTracker(int windowSteps) {
        this.decay = 1.0 - 2.0 / (windowSteps + 1);
    }

    void add(double error, boolean covered) {
        samples++;
        weight = decay * weight + 1;
        absSum = decay * absSum + Math.abs(error);
        sqSum = decay * sqSum + error * error;
        coveredSum = decay * coveredSum + (covered ? 1 : 0);
    }

    ForecastAccuracy snapshot() {
        if (samples == 0) {
            return ForecastAccuracy.UNKNOWN;
        }
        return new ForecastAccuracy(samples, absSum / weight, Math.sqrt(sqSum / weight), coveredSum / weight);
    }
}
