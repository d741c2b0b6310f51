package io.pwb.openstack.watcher;

import java.util.OptionalDouble;

/**
 * Forecasts PWB trusts more than Watcher's short window: those of PWB's engine, trained on the long history the
 * OpenStack collector (or any other ingestion) fed it. Empty means "no trusted forecast, use Watcher's values".
 */
public interface TrustedForecasts {

    /** Predicted peak (upper bound) of the instance's CPU, % of its vCPUs, over the horizon. */
    OptionalDouble cpuPercentPeak(String instanceUuid, int horizonMinutes);

    static TrustedForecasts none() {
        return (instanceUuid, horizonMinutes) -> OptionalDouble.empty();
    }
}
