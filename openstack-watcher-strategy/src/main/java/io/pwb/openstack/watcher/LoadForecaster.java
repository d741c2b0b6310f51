package io.pwb.openstack.watcher;

import java.util.List;

/**
 * Predicts the highest load of one series over the horizon. This is the seam to PWB's engine forecaster:
 * with only Watcher's aggregate the forecast is the current load.
 */
public interface LoadForecaster {

    /**
     * @param series          values oldest first, in the series' own unit
     * @param intervalSeconds spacing of the values
     * @param horizonMinutes  how far ahead
     * @return the predicted peak (upper bound) over the horizon, or NaN when the series is empty
     */
    double predictedPeak(List<Double> series, int intervalSeconds, int horizonMinutes);

    /** Forecast = the latest value (Watcher sends its period aggregate as the latest value). */
    static LoadForecaster latestValue() {
        return (series, intervalSeconds, horizonMinutes) -> {
            for (int i = series.size() - 1; i >= 0; i--) {
                Double v = series.get(i);
                if (v != null && Double.isFinite(v)) {
                    return v;
                }
            }
            return Double.NaN;
        };
    }
}
