package io.pwb.openstack.watcher;

import io.pwb.engine.runtime.EngineRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;

/**
 * Wires the Watcher edge for the Quarkus app. When the application provides PWB's {@link EngineRegistry}, the
 * engine's trained forecasts of cluster {@code pwb.watcher.cluster-id} take precedence over Watcher's window.
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
    WatcherPlanningService watcherPlanningService(WatcherShadows shadows, Instance<EngineRegistry> engines,
            @ConfigProperty(name = "pwb.watcher.cluster-id", defaultValue = "openstack") String clusterId) {
        TrustedForecasts trusted = engines.isResolvable()
                ? new ClusterEngineForecasts(engines.get().cluster(clusterId))
                : TrustedForecasts.none();
        return new WatcherPlanningService(LoadForecaster.latestValue(), InstanceHistory.none(), trusted, shadows,
                Clock.systemUTC());
    }
}
