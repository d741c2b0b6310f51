package io.pwb.engine.forecast.model;

/**
 * One candidate forecasting model of a single regular series. Updated once per step in amortised O(1); parametric
 * models are refitted now and then on the retained history (see {@link #refit(double[])}).
 */
public interface ForecastModel {

    /** Stable name, shown in forecasts and in model-selection counts. */
    String name();

    /** Takes the value of the next step. */
    void update(double value);

    /** Forecast {@code h >= 1} steps after the latest update; NaN while not {@link #ready()}. */
    double forecast(int h);

    /** True once the model has enough data to forecast. */
    boolean ready();

    /** Forgets all state (after a long gap). Fitted parameters are kept as the starting point of the next fit. */
    void reset();

    /**
     * Fits the parameters on {@code history} (oldest first, the latest value being the one last passed to
     * {@link #update(double)}) and rebuilds the state by replaying it. Models without parameters ignore it.
     */
    default void refit(double[] history) {
    }

    /** True when the forecast is the same for every step ahead (lets callers compute it once). */
    default boolean flat() {
        return true;
    }
}
