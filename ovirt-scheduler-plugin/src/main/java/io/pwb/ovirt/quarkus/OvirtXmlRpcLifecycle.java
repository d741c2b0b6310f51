package io.pwb.ovirt.quarkus;

import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.runtime.EngineRegistry;
import io.pwb.engine.runtime.Backoff;
import io.pwb.engine.runtime.SampleSink;
import io.pwb.engine.runtime.ClusterClaims;
import io.pwb.ovirt.collector.OvirtCollector;
import io.pwb.ovirt.collector.OvirtEngineSettings;
import io.pwb.ovirt.collector.OvirtMonitor;
import io.pwb.ovirt.engine.DecisionLog;
import io.pwb.ovirt.engine.EngineSchedulerBackend;
import io.pwb.ovirt.http.XmlRpcCallHandler;
import io.pwb.ovirt.http.XmlRpcHttpEndpoint;
import io.pwb.ovirt.http.XmlRpcTls;
import io.pwb.ovirt.proxy.ExternalSchedulerBackend;
import io.pwb.ovirt.proxy.ExternalSchedulerProtocol;
import io.pwb.ovirt.proxy.FailOpenBackend;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import io.pwb.ovirt.xmlrpc.XmlRpcRequestParser;
import io.pwb.service.config.PwbConfig;
import io.pwb.service.ingest.DatabaseSampleSink;
import io.pwb.service.planning.CollectorClaims;
import io.pwb.service.planning.DecisionRecorder;
import io.pwb.service.planning.EngineService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Starts the oVirt adapter with the application, on Quarkus's own Vert.x: the external-scheduler endpoint, and,
 * when {@code pwb.ovirt.engine.url} is set, the collector that feeds PWB's engine from that oVirt engine. The units
 * answer from the service's {@link EngineRegistry} (the demo cluster on the embedded default; the collector feeds
 * the oVirt clusters into it too), or from the collector's own when there is no service; with neither they fail
 * open. A port that cannot be bound is
 * logged and does not stop the rest of PWB from starting.
 */
@ApplicationScoped
public class OvirtXmlRpcLifecycle {

    private static final Logger LOG = Logger.getLogger(OvirtXmlRpcLifecycle.class);

    private final OvirtXmlRpcConfig config;
    private final OvirtEngineConfig engineConfig;
    private final Vertx vertx;
    private final Instance<EngineService> service;
    private final Instance<DatabaseSampleSink> database;
    private final Instance<DecisionRecorder> recorder;
    private final Instance<PwbConfig> pwbConfig;
    private final Instance<CollectorClaims> claims;
    private XmlRpcHttpEndpoint endpoint;
    private OvirtCollector collector;
    private long pollTimer = -1;

    OvirtXmlRpcLifecycle(OvirtXmlRpcConfig config, OvirtEngineConfig engineConfig, Vertx vertx,
                         Instance<EngineService> service, Instance<DatabaseSampleSink> database,
                         Instance<DecisionRecorder> recorder, Instance<PwbConfig> pwbConfig,
                         Instance<CollectorClaims> claims) {
        this.claims = claims;
        this.database = database;
        this.recorder = recorder;
        this.pwbConfig = pwbConfig;
        this.config = config;
        this.engineConfig = engineConfig;
        this.vertx = vertx;
        this.service = service;
    }

    void onStart(@Observes StartupEvent event) {
        EngineRegistry registry = service.isResolvable() ? service.get().registry() : null;
        if (engineConfig.url().isPresent()) {
            if (registry == null) {
                registry = new EngineRegistry(null, PlanningSettings.DEFAULT);
            }
            startCollector(registry);
        }
        if (!config.enabled()) {
            LOG.info("oVirt external scheduler endpoint disabled (pwb.ovirt.xmlrpc.enabled=false)");
            return;
        }
        ExternalSchedulerBackend backend = registry == null ? new FailOpenBackend()
                : new EngineSchedulerBackend(registry, Clock.systemUTC(), decisionLog());
        Optional<XmlRpcTls> tls;
        try {
            tls = tls();
        } catch (IllegalArgumentException e) {
            // Fail closed: never fall back to plain HTTP when TLS was asked for.
            LOG.errorf("oVirt external scheduler endpoint not started: %s", e.getMessage());
            return;
        }
        XmlRpcLimits limits = new XmlRpcLimits(config.maxRequestBytes(), config.maxDepth(),
                XmlRpcLimits.DEFAULT.maxValues(), config.timeLimit());
        XmlRpcCallHandler handler = new XmlRpcCallHandler(new XmlRpcRequestParser(limits),
                new ExternalSchedulerProtocol(backend, config.scoreTuples()));
        XmlRpcHttpEndpoint candidate = new XmlRpcHttpEndpoint(vertx, handler, limits, config.workerThreads());
        try {
            int port = candidate.start(config.host(), config.port(), tls);
            endpoint = candidate;
            if (!isLoopback(config.host())) {
                LOG.warnf("the oVirt external scheduler protocol has %s and no authentication: restrict access to"
                        + " %s:%d to the oVirt engine (firewall, management network)",
                        tls.isPresent() ? "TLS but" : "no TLS", config.host(), port);
            }
            LOG.infof("oVirt external scheduler units served on %s://%s:%d/ (%s)",
                    tls.isPresent() ? "https" : "http", config.host(), port,
                    registry == null ? "no engine data: every host passes, neutral scores" : "answering from PWB's engine");
        } catch (Exception e) {
            LOG.errorf("oVirt external scheduler endpoint could not listen on %s:%d: %s", config.host(), config.port(),
                    e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
        }
    }

    /**
     * With the service, the balance unit's decisions are stored like the planning loop's (advisory ones too), except
     * the demo cluster's: the demo plans and records its own.
     */
    private DecisionLog decisionLog() {
        if (!recorder.isResolvable()) {
            return DecisionLog.NONE;
        }
        DecisionRecorder r = recorder.get();
        String demo = pwbConfig.isResolvable() && pwbConfig.get().demo().enabled()
                ? pwbConfig.get().demo().clusterId() : null;
        return result -> {
            if (!result.clusterId().equals(demo)) {
                // Its own transaction: called on the endpoint's Vert.x worker threads, the store's @Transactional
                // alone left the rows unseen by other threads (OvirtClusterSettingsTest found none).
                QuarkusTransaction.requiringNew().run(() -> r.recordDecisions(result));
            }
        };
    }

    /** TLS when a key store is configured; a password file without a key store is a mistake, not plain HTTP. */
    private Optional<XmlRpcTls> tls() {
        OvirtXmlRpcConfig.Tls t = config.tls();
        if (t.keyStoreFile().isEmpty()) {
            if (t.keyStorePasswordFile().isPresent()) {
                throw new IllegalArgumentException("pwb.ovirt.xmlrpc.tls.key-store-password-file is set but"
                        + " pwb.ovirt.xmlrpc.tls.key-store-file is not");
            }
            return Optional.empty();
        }
        return Optional.of(new XmlRpcTls(t.keyStoreFile().get(), t.keyStorePasswordFile().orElse(null)));
    }

    private void startCollector(EngineRegistry registry) {
        if (engineConfig.passwordFile().isEmpty()) {
            LOG.error("pwb.ovirt.engine.url is set but pwb.ovirt.engine.password-file is not: oVirt collection is off");
            return;
        }
        OvirtEngineSettings settings;
        try {
            settings = new OvirtEngineSettings(engineConfig.url().get(), engineConfig.user(),
                    engineConfig.passwordFile().get(), engineConfig.trustStore(), engineConfig.trustStorePasswordFile(),
                    engineConfig.caFile(), engineConfig.timeout(), engineConfig.collectionTimeout());
            // reads the CA file or trust store now, so that one without certificates is reported at start-up
            collector = new OvirtCollector(settings, engineConfig.deviceStatistics(),
                    new Backoff(engineConfig.backoffInitial(), engineConfig.backoffMax()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.errorf("oVirt collection is off: %s", e.getMessage());
            return;
        }
        // with the service, collected samples are stored like REST/Kafka ones, so a restart keeps the forecasts, and
        // the collected clusters are claimed: this replica holds their shadows, also after a restart
        OvirtMonitor monitor = new OvirtMonitor(collector, registry,
                database.isResolvable() ? database.get() : SampleSink.NONE,
                claims.isResolvable() ? claims.get().of("ovirt " + settings.apiUrl()) : ClusterClaims.NONE);
        CollectorClaims.resume("oVirt", "the engine", monitor::resume);
        // A cycle lasts at most the collection timeout; one that finds the previous still running only ticks the
        // shadows, so they keep expiring on time while the engine hangs.
        Runnable cycle = () -> vertx.executeBlocking(() -> monitor.cycle(Instant.now()), false)
                .onFailure(e -> LOG.warnf("oVirt collection cycle failed: %s", e.toString()));
        cycle.run();
        pollTimer = vertx.setPeriodic(Math.max(1000, engineConfig.pollInterval().toMillis()), id -> cycle.run());
        LOG.infof("collecting from oVirt engine %s every %s", settings.apiUrl(), engineConfig.pollInterval());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        if (collector != null) {
            collector.close();
        }
        if (endpoint != null) {
            try {
                endpoint.close();
            } catch (Exception e) {
                LOG.warn("closing the oVirt external scheduler endpoint failed", e);
            }
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    /** The bound port, or -1 when the endpoint is not running. */
    public int port() {
        return endpoint == null ? -1 : endpoint.port();
    }
}
