package io.pwb.openstack.collector;

import io.pwb.engine.model.AffinityRule;
import io.pwb.engine.model.DependencyGraph;
import io.pwb.openstack.watcher.RecentInstanceHistory;
import io.pwb.openstack.watcher.WatcherPlanningService;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs collection cycles: each inventory feeds PWB's instance history (so Watcher audits forecast from long
 * history) and settles shadows against where the instances really are. A failed cycle waits the back-off.
 */
public final class OpenStackPoller {

    /** What one cycle did, for logs and tests. */
    public record Cycle(CollectionOutcome outcome, List<String> shadowChanges, Duration nextRunIn) {
    }

    private final OpenStackCollector collector;
    private final RecentInstanceHistory history;
    private final WatcherPlanningService planning;
    private final double thresholdPercent;
    private final Duration interval;
    private final Clock clock;
    private volatile io.pwb.engine.runtime.ClusterEngine engine;
    private volatile io.pwb.engine.runtime.SampleSink sink = io.pwb.engine.runtime.SampleSink.NONE;

    /** Also feeds every collected CPU measure to PWB's engine, whose trained forecasts audits then prefer. */
    public OpenStackPoller feeding(io.pwb.engine.runtime.ClusterEngine clusterEngine) {
        this.engine = clusterEngine;
        return this;
    }

    /** Also keeps every new measure fed to the engine (the service's database), so a restart keeps the forecasts. */
    public OpenStackPoller storingTo(io.pwb.engine.runtime.SampleSink samples) {
        this.sink = samples == null ? io.pwb.engine.runtime.SampleSink.NONE : samples;
        return this;
    }

    public OpenStackPoller(OpenStackCollector collector, RecentInstanceHistory history,
                           WatcherPlanningService planning, double thresholdPercent, Duration interval, Clock clock) {
        this.collector = collector;
        this.history = history;
        this.planning = planning;
        this.thresholdPercent = thresholdPercent;
        this.interval = interval;
        this.clock = clock;
    }

    public Cycle runOnce() {
        CollectionOutcome outcome = collector.collect();
        if (outcome instanceof CollectionOutcome.Failed failed) {
            return new Cycle(outcome, List.of(), failed.retryAfter());
        }
        OpenStackInventory inventory = ((CollectionOutcome.Collected) outcome).inventory();
        history.record(inventory.metrics().instanceCpuPercent(), inventory.metrics().intervalSeconds());
        io.pwb.engine.runtime.ClusterEngine target = engine;
        if (target != null) {
            // Gnocchi returns the whole window each cycle; the engine rejects what it has already seen, and only
            // what it accepted is stored.
            List<io.pwb.engine.runtime.SampleSink.Collected> accepted = new ArrayList<>();
            inventory.instanceCpuPercentHistory().forEach((uuid, values) -> values.forEach(v -> {
                if (target.offer(io.pwb.engine.model.EntityKind.VM, uuid, io.pwb.engine.model.Metric.CPU_PERCENT,
                        v.epochSeconds(), v.value()).accepted()) {
                    accepted.add(new io.pwb.engine.runtime.SampleSink.Collected(target.clusterId(),
                            io.pwb.engine.model.EntityKind.VM, uuid, io.pwb.engine.model.Metric.CPU_PERCENT,
                            java.time.Instant.ofEpochSecond(v.epochSeconds()), v.value(), null));
                }
            }));
            sink.store(accepted);
            target.setDependencies(withServerGroups(target.snapshot(clock.instant()).dependencies(),
                    inventory.serverGroups()));
        }
        List<String> changes = new ArrayList<>(planning.observe(inventory.nodes(), inventory.instances(),
                inventory.metrics(), thresholdPercent, clock.instant()));
        return new Cycle(outcome, changes, interval);
    }

    /** The dependency map with its server-group rules replaced by the cloud's current server groups. */
    static DependencyGraph withServerGroups(DependencyGraph current, List<ServerGroup> groups) {
        List<AffinityRule> rules = new ArrayList<>();
        for (AffinityRule r : current.rules()) {
            if (!r.name().startsWith(ServerGroup.RULE_PREFIX)) {
                rules.add(r);
            }
        }
        for (ServerGroup g : groups) {
            g.toRule().ifPresent(rules::add);
        }
        return new DependencyGraph(current.edges(), rules);
    }

    /** Schedules cycles on a single thread (OpenStack4j sessions are per thread) until the executor stops. */
    public void start(ScheduledExecutorService executor, Consumer<Cycle> report) {
        schedule(executor, report, Duration.ZERO);
    }

    private void schedule(ScheduledExecutorService executor, Consumer<Cycle> report, Duration delay) {
        executor.schedule(() -> {
            Cycle cycle;
            try {
                cycle = runOnce();
            } catch (RuntimeException e) {
                // A bug must not stop polling for good: report it and retry after the normal interval.
                cycle = new Cycle(new CollectionOutcome.Failed("unexpected error: " + e, interval), List.of(),
                        interval);
            }
            report.accept(cycle);
            if (!executor.isShutdown()) {
                schedule(executor, report, cycle.nextRunIn());
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
