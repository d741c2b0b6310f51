package io.pwb.service.planning;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pwb.engine.forecast.ForecastAccuracy;
import io.pwb.engine.forecast.SeriesForecaster;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.runtime.SeriesKey;
import io.pwb.service.config.PwbConfig;
import io.pwb.service.ingest.ClusterPartitions;
import io.pwb.service.store.ClusterSettingsEntity;
import io.pwb.service.store.ClusterSettingsStore;
import io.pwb.service.store.ForecastAccuracyEntity;
import io.pwb.service.store.PolicyStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.DoubleSummaryStatistics;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The planning cycle of every cluster fed by a platform (default every 60 s): apply the stored settings and
 * inventory, verify shadows, plan, persist the decisions. The demo cluster plans on its own simulated clock
 * ({@link io.pwb.service.demo.DemoCluster}) and is skipped here. Also stores forecast accuracy per VM.
 */
@ApplicationScoped
public class PlanningLoop {
    private static final Logger LOG = Logger.getLogger(PlanningLoop.class);

    private final EngineService engines;
    private final ClusterSettingsStore clusters;
    private final PolicyStore policies;
    private final DecisionRecorder recorder;
    private final PwbConfig config;
    private final Set<String> selfDriven = ConcurrentHashMap.newKeySet();
    private final Map<ErrorSeries, Double> meanAbsoluteError = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final ClusterPartitions partitions;
    private final PlanningStatus status;
    private final ClusterMeters clusterMeters;

    public PlanningLoop(EngineService engines, ClusterSettingsStore clusters, PolicyStore policies, DecisionRecorder recorder,
                        PwbConfig config, MeterRegistry meters, ClusterPartitions partitions, PlanningStatus status,
                        ClusterMeters clusterMeters) {
        this.partitions = partitions;
        this.status = status;
        this.clusterMeters = clusterMeters;
        this.engines = engines;
        this.clusters = clusters;
        this.policies = policies;
        this.recorder = recorder;
        this.config = config;
        this.meters = meters;
    }

    /**
     * Marks a cluster as planned by its own driver on this replica (the demo, a platform collector, the Watcher
     * edge), not by this loop, and takes it over: this replica owns it, so its ledger holds the cluster's shadows.
     *
     * @throws IllegalStateException when the cluster's stored shadows cannot be taken over (the driver retries)
     */
    public void selfDriven(String clusterId) {
        selfDriven.add(clusterId); // first: this loop must never hand the cluster's shadows on while it is driven here
        engines.takeOver(clusterId);
    }

    @Scheduled(every = "${pwb.planning.interval}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = PlanningDisabled.class)
    void cycle() {
        Instant now = Instant.now();
        // a cluster is planned by the replica that receives its samples: through Kafka, the one holding its partition
        // (partitions follow the cluster key); otherwise the one that received some within the ownership window
        long ownershipWindowMs = Math.max(3 * config.planning().interval().toMillis(), 15 * 60_000L);
        for (ClusterSettingsEntity settings : clusters.all()) {
            clusterMeters.register(settings.clusterId); // a cluster another replica created
            if (selfDriven.contains(settings.clusterId)) {
                engines.refreshSettings(settings); // its driver plans it, with the stored mode and threshold
                continue;
            }
            boolean owns = partitions.holds(settings.clusterId)
                    .orElseGet(() -> engines.receivesSamplesOf(settings.clusterId, ownershipWindowMs));
            if (!owns) {
                engines.release(settings.clusterId); // another replica (or nobody) owns it now
                continue;
            }
            planAndRecord(settings, now);
        }
    }

    /**
     * One cycle of one cluster this replica owns, its outcome kept in {@link PlanningStatus}: a failure is logged,
     * counted and shown on the cluster, and the cycle is retried at the next interval.
     */
    public void planAndRecord(ClusterSettingsEntity settings, Instant now) {
        try {
            engines.takeOver(settings.clusterId); // first cycle here: resume from the database
            planOnce(settings, now);
            status.succeeded(settings.clusterId, now);
        } catch (RuntimeException e) {
            status.failed(settings.clusterId, now, e);
            LOG.errorf(e, "planning cycle of cluster %s failed; it will be retried next cycle", settings.clusterId);
        }
    }

    /** One cycle of one cluster at {@code now} (real time, or simulated time for the demo). */
    public PlanResult planOnce(ClusterSettingsEntity settings, Instant now) {
        long started = System.nanoTime();
        ClusterEngine engine = engines.engine(settings.clusterId);
        engines.applySettings(settings);
        engines.syncInventory(settings.clusterId, now, settings.trainingSeconds);
        engine.setMaintenanceWindows(policies.maintenanceWindows(settings.clusterId).stream()
                .map(w -> new io.pwb.engine.model.MaintenanceWindow(w.hostId, Instant.ofEpochMilli(w.startsAtMs),
                        Instant.ofEpochMilli(w.endsAtMs))).toList());
        PlanResult result = engine.planCycle(now);
        recorder.record(result, Duration.ofNanos(System.nanoTime() - started));
        return result;
    }

    /**
     * Stores each VM series' measured accuracy and publishes, per cluster and metric, the mean forecast error over the
     * cluster's VMs (scheduled; public so that a test need not wait for the schedule).
     */
    @Scheduled(every = "${pwb.planning.accuracy-interval}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void storeAccuracy() {
        long now = System.currentTimeMillis();
        for (ClusterEngine engine : engines.registry().all()) {
            Map<Metric, DoubleSummaryStatistics> errors = new EnumMap<>(Metric.class);
            for (SeriesKey key : engine.seriesKeys()) {
                if (key.kind() != EntityKind.VM) {
                    continue;
                }
                SeriesForecaster f = engine.series(key.kind(), key.entityId(), key.metric()).orElse(null);
                if (f == null) {
                    continue;
                }
                ForecastAccuracy a;
                String model;
                synchronized (f) {
                    a = f.accuracy();
                    model = f.selectedModel();
                }
                ForecastAccuracyEntity e = new ForecastAccuracyEntity();
                e.clusterId = engine.clusterId();
                e.vmId = key.entityId();
                e.metric = key.metric().key();
                e.model = model;
                e.pairs = a.samples();
                e.mae = finite(a.mae());
                e.rmse = finite(a.rmse());
                e.upperCoverage = finite(a.upperCoverage());
                e.updatedAtMs = now;
                policies.saveAccuracy(e);
                if (e.mae != null) {
                    errors.computeIfAbsent(key.metric(), m -> new DoubleSummaryStatistics()).accept(e.mae);
                }
            }
            errors.forEach((metric, stats) -> publishError(engine.clusterId(), metric, stats.getAverage()));
        }
    }

    private record ErrorSeries(String clusterId, Metric metric) {
    }

    /**
     * pwb_forecast_error{cluster,metric,unit}: one series per metric, each in its own unit, so that errors in MHz
     * (cpu_mhz) and in percent (cpu_percent) are never averaged together.
     */
    private void publishError(String clusterId, Metric metric, double mean) {
        ErrorSeries series = new ErrorSeries(clusterId, metric);
        if (meanAbsoluteError.put(series, mean) == null) {
            Gauge.builder("pwb.forecast.error", meanAbsoluteError, m -> m.getOrDefault(series, Double.NaN))
                    .description("mean absolute forecast error at the planning horizon over the cluster's VMs, in the"
                            + " metric's unit")
                    .tag("cluster", clusterId).tag("metric", metric.key()).tag("unit", metric.unit()).register(meters);
        }
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Skips the scheduled cycle when planning is turned off. */
    @jakarta.inject.Singleton
    public static class PlanningDisabled implements Scheduled.SkipPredicate {
        private final boolean enabled;

        public PlanningDisabled(PwbConfig config) {
            this.enabled = config.planning().enabled();
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !enabled;
        }
    }
}
