package io.pwb.openstack.quarkus;

import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.openstack.collector.CollectionOutcome;
import io.pwb.openstack.collector.OpenStackCollector;
import io.pwb.openstack.collector.OpenStackPoller;
import io.pwb.openstack.collector.OpenStackSettings;
import io.pwb.openstack.watcher.RecentInstanceHistory;
import io.pwb.openstack.watcher.WatcherPlanningService;
import io.pwb.openstack.watcher.WatcherShadowBook;
import io.pwb.service.planning.EngineService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Starts PWB's OpenStack collector with the application when {@code pwb.openstack.auth-url} is set: one thread
 * (OpenStack4j sessions are per thread) polling Keystone, Nova, Placement and Gnocchi, feeding the engine of the
 * Watcher cluster and moving its shadows on.
 */
@ApplicationScoped
public class OpenStackLifecycle {

    private static final Logger LOG = Logger.getLogger(OpenStackLifecycle.class);

    private final OpenStackConfig config;
    private final WatcherPlanningService planning;
    private final WatcherShadowBook shadows;
    private final RecentInstanceHistory history;
    private final Instance<EngineService> engine;
    private ScheduledExecutorService executor;

    private final Instance<io.pwb.service.ingest.DatabaseSampleSink> database;

    OpenStackLifecycle(OpenStackConfig config, WatcherPlanningService planning, WatcherShadowBook shadows,
                       RecentInstanceHistory history, Instance<EngineService> engine,
                       Instance<io.pwb.service.ingest.DatabaseSampleSink> database) {
        this.database = database;
        this.config = config;
        this.planning = planning;
        this.shadows = shadows;
        this.history = history;
        this.engine = engine;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.authUrl().isEmpty()) {
            return;
        }
        if (config.passwordFile().isEmpty()) {
            LOG.error("pwb.openstack.auth-url is set but pwb.openstack.password-file is not: OpenStack collection is off");
            return;
        }
        OpenStackSettings settings = new OpenStackSettings(config.authUrl().get(), config.username(),
                config.userDomain(), config.project(), config.projectDomain(), config.passwordFile().get(),
                config.region().orElse(null), config.caFile().orElse(null), config.novaMicroversion(),
                config.historyWindow(), config.granularitySeconds(), config.timeout(), config.backoffInitial(),
                config.backoffMax());
        OpenStackPoller poller = new OpenStackPoller(new OpenStackCollector(settings, Clock.systemUTC()), history,
                planning, config.thresholdPercent(), config.pollInterval(), Clock.systemUTC());
        if (engine.isResolvable()) {
            ClusterEngine cluster = engine.get().engine(shadows.clusterId());
            poller.feeding(cluster);
            if (database.isResolvable()) {
                poller.storingTo(database.get());
            }
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pwb-openstack-collector");
            t.setDaemon(true);
            return t;
        });
        poller.start(executor, cycle -> {
            if (cycle.outcome() instanceof CollectionOutcome.Failed f) {
                LOG.warnf("OpenStack collection failed, next try in %s: %s", cycle.nextRunIn(), f.reason());
            } else {
                cycle.shadowChanges().forEach(c -> LOG.info(c));
            }
        });
        LOG.infof("collecting from OpenStack %s every %s", settings.authUrl(), config.pollInterval());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
