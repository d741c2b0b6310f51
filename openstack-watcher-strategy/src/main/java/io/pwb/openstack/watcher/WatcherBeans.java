package io.pwb.openstack.watcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Duration;

/**
 * Wires the Watcher edge for the Quarkus app. The forecaster and history are Watcher-only until the engine's
 * forecaster and PWB's metric store are bound here.
 */
@ApplicationScoped
public class WatcherBeans {

    /** A migration Watcher does not perform within this time releases its reservation. */
    static final Duration SHADOW_TIME_TO_LIVE = Duration.ofMinutes(30);
    static final Duration HARMFUL_COOL_DOWN = Duration.ofHours(1);

    @Produces
    @Singleton
    WatcherShadows watcherShadows() {
        return new WatcherShadows(SHADOW_TIME_TO_LIVE, HARMFUL_COOL_DOWN);
    }

    @Produces
    @Singleton
    WatcherPlanningService watcherPlanningService(WatcherShadows shadows) {
        return new WatcherPlanningService(LoadForecaster.latestValue(), InstanceHistory.none(), shadows,
                Clock.systemUTC());
    }
}
