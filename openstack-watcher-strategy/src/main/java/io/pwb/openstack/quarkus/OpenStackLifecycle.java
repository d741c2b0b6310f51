package io.pwb.openstack.quarkus;

import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.openstack.collector.CollectionOutcome;
import io.pwb.openstack.collector.EndpointInterface;
import io.pwb.openstack.collector.OpenStackCollector;
import io.pwb.openstack.collector.OpenStackPoller;
import io.pwb.openstack.collector.OpenStackSettings;
import io.pwb.openstack.collector.MetricsSource;
import io.pwb.openstack.collector.PrometheusSettings;
import io.pwb.openstack.collector.RepeatedWarnings;
import io.pwb.openstack.watcher.RecentInstanceHistory;
import io.pwb.openstack.watcher.WatcherPlanningService;
import io.pwb.openstack.watcher.WatcherShadowBook;
import io.pwb.service.planning.CollectorClaims;
import io.pwb.service.planning.EngineService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts PWB's OpenStack collector with the application when {@code pwb.openstack.auth-url} is set: one thread
 * (OpenStack4j sessions are per thread) polling Keystone, Nova, Placement and Gnocchi or Prometheus, feeding the
 * engine of the Watcher cluster and moving its shadows on. The cluster claimed before a restart is resumed at start,
 * and a second thread moves its shadows on with time every poll interval, so they expire at their deadline while
 * OpenStack cannot be reached (or a collection hangs) and before any Watcher audit arrives.
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
    private ScheduledExecutorService ticker;
    private volatile OpenStackPoller poller;
    private final RepeatedWarnings warnings = new RepeatedWarnings();

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
        OpenStackSettings settings;
        OpenStackCollector collector;
        try {
            settings = settings(config);
            collector = new OpenStackCollector(settings, Clock.systemUTC());
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.errorf("OpenStack collection is off: %s", e.getMessage());
            return;
        }
        OpenStackPoller poller = new OpenStackPoller(collector, history,
                planning, config.thresholdPercent(), config.pollInterval(), Clock.systemUTC());
        if (engine.isResolvable()) {
            ClusterEngine cluster = engine.get().engine(shadows.clusterId());
            poller.feeding(cluster);
            if (database.isResolvable()) {
                poller.storingTo(database.get());
            }
        }
        resumeShadows(config.pollInterval());
        executor = daemonThread("pwb-openstack-collector");
        this.poller = poller;
        poller.start(executor, cycle -> {
            if (cycle.outcome() instanceof CollectionOutcome.Failed f) {
                LOG.warnf("OpenStack collection failed, next try in %s: %s", cycle.nextRunIn(), f.reason());
            } else {
                // the same warnings every cycle would drown the log: at WARN only when new or about other servers
                warnings.report(((CollectionOutcome.Collected) cycle.outcome()).inventory().collectionWarnings(),
                        LOG::warn, LOG::debug);
                cycle.shadowChanges().forEach(c -> LOG.info(c));
            }
        });
        LOG.infof("collecting from OpenStack %s every %s, metrics from %s", settings.authUrl(), config.pollInterval(),
                settings.metricsSource() == MetricsSource.PROMETHEUS ? settings.prometheus().url()
                        : "Gnocchi (Keystone catalog)");
    }

    /**
     * Claims again the cluster collected before a restart (the service loads its shadows from the database) and moves
     * the claimed clusters' shadows on with time every poll interval, whatever the collection does.
     */
    private void resumeShadows(Duration interval) {
        CollectorClaims.resume("OpenStack", "OpenStack", shadows::resume);
        long millis = Math.max(1000, interval.toMillis());
        ticker = daemonThread("pwb-openstack-shadows");
        ticker.scheduleWithFixedDelay(() -> {
            try {
                shadows.tick(Instant.now()).forEach(LOG::info);
            } catch (RuntimeException e) {
                LOG.warnf("moving the OpenStack shadows on failed: %s", e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService daemonThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * What the OpenStack collector's claims are stored under, e.g. {@code openstack https://keystone:5000/v3}; none
     * without a collector (Watcher audits alone then claim the cluster for this run only).
     */
    static Optional<String> collectorName(OpenStackConfig config) {
        return config.authUrl().map(url -> "openstack " + url.strip());
    }

    /** The collector's settings; a wrong value is an IllegalArgumentException naming it. */
    static OpenStackSettings settings(OpenStackConfig config) {
        OpenStackSettings settings = new OpenStackSettings(config.authUrl().get(), config.username(),
                config.userDomain(), config.project(), config.projectDomain(), config.passwordFile().get(),
                config.region().orElse(null), config.caFile().orElse(null), config.novaMicroversion(),
                config.historyWindow(), config.granularitySeconds(), config.timeout(), config.backoffInitial(),
                config.backoffMax()).withInterface(EndpointInterface.fromKey(config.endpointInterface()));
        if (MetricsSource.fromKey(config.metricsSource()) == MetricsSource.GNOCCHI) {
            return settings;
        }
        OpenStackConfig.Prometheus p = config.prometheus();
        URI url;
        try {
            url = URI.create(p.url().orElseThrow(() -> new IllegalArgumentException(
                    "pwb.openstack.metrics-source=prometheus needs pwb.openstack.prometheus.url")).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("pwb.") ? e.getMessage()
                    : "pwb.openstack.prometheus.url is not a URL: " + e.getMessage());
        }
        return settings.withPrometheus(new PrometheusSettings(url, p.tokenFile().orElse(null),
                p.caFile().orElse(null), p.fqdnLabel(), p.instanceUuidLabel(), p.instanceCpuMetric(),
                p.instanceMemoryMetric()));
    }

    /** The running poller, when collection is on. */
    public Optional<OpenStackPoller> poller() {
        return Optional.ofNullable(poller);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
