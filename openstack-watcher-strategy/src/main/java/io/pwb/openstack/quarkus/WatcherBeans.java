package io.pwb.openstack.quarkus;

import io.pwb.engine.runtime.ClusterClaims;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.openstack.watcher.ClusterEngineForecasts;
import io.pwb.openstack.watcher.LoadForecaster;
import io.pwb.openstack.watcher.RecentInstanceHistory;
import io.pwb.openstack.watcher.TrustedForecasts;
import io.pwb.openstack.watcher.WatcherPlanningService;
import io.pwb.openstack.watcher.WatcherShadowBook;
import io.pwb.engine.shadow.ShadowSettings;
import io.pwb.service.planning.CollectorClaims;
import io.pwb.service.planning.EngineService;
import io.pwb.service.planning.PlanningLoop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;

/**
 * Wires the Watcher edge for the Quarkus app: Watcher audits plan as cluster {@code pwb.watcher.cluster-id} of
 * PWB's engine, with its shared (persisted) shadow ledger and its trained forecasts. Without the engine service
 * (a bare deployment) the edge keeps an in-memory ledger and Watcher's values.
 */
@ApplicationScoped
public class WatcherBeans {

    @Produces
    @Singleton
    WatcherShadowBook watcherShadowBook(Instance<EngineService> engine, Instance<PlanningLoop> planning,
                                        Instance<CollectorClaims> claims, WatcherConfig config,
                                        OpenStackConfig openStack) {
        if (!engine.isResolvable()) {
            return new WatcherShadowBook(new ShadowLedger(ShadowSettings.DEFAULT, null), config.clusterId());
        }
        // the first audit (or OpenStack collection) on this replica makes it the cluster's driver: the planning loop
        // leaves the cluster alone and the ledger takes its shadows over from the database; with a collector, the
        // claim is stored with the cluster, so that the collector resumes it after a restart
        ClusterClaims clusterClaims = OpenStackLifecycle.collectorName(openStack)
                .<ClusterClaims>map(name -> claims.get().of(name)).orElse(planning.get()::selfDriven);
        return new WatcherShadowBook(engine.get().ledger(), config.clusterId(), clusterClaims);
    }

    /** The collector's latest Gnocchi windows, put in front of Watcher's values where the engine has no forecast. */
    @Produces
    @Singleton
    RecentInstanceHistory recentInstanceHistory() {
        return new RecentInstanceHistory();
    }

    @Produces
    @Singleton
    WatcherPlanningService watcherPlanningService(WatcherShadowBook shadows, RecentInstanceHistory history,
                                                  Instance<EngineService> engine) {
        if (!engine.isResolvable()) {
            return new WatcherPlanningService(LoadForecaster.latestValue(), history, TrustedForecasts.none(),
                    shadows, Clock.systemUTC());
        }
        ClusterEngine cluster = engine.get().engine(shadows.clusterId());
        return new WatcherPlanningService(LoadForecaster.latestValue(), history, new ClusterEngineForecasts(cluster),
                () -> cluster.snapshot(Instant.now()).dependencies(), shadows, Clock.systemUTC());
    }
}
