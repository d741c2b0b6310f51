package io.pwb.openstack.collector;

import io.pwb.engine.model.AffinityRule;
import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.runtime.SampleSink;
import io.pwb.engine.runtime.SeriesKey;
import io.pwb.openstack.watcher.RecentInstanceHistory;
import io.pwb.openstack.watcher.WatcherPlanningService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs collection cycles: each inventory feeds PWB's instance history (so Watcher audits forecast from long
 * history), settles shadows against where the instances really are, and replaces the engine's view of the cloud
 * (hosts, instances, server-group rules). A failed cycle waits the back-off.
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
    private volatile ClusterEngine engine;
    private volatile SampleSink sink = SampleSink.NONE;
    private volatile Cycle lastCycle;
    private volatile OpenStackInventory lastInventory;
    /** Per series, the newest measure already offered (cycles run one at a time, on the poller's thread). */
    private final Map<SeriesKey, Long> offeredUpTo = new HashMap<>();

    /**
     * Also feeds PWB's engine: every collected CPU measure (whose trained forecasts audits then prefer), the hosts
     * with their Placement capacity and the instances (locked ones not migratable), and the server groups as rules.
     */
    public OpenStackPoller feeding(ClusterEngine clusterEngine) {
        this.engine = clusterEngine;
        offeredUpTo.clear(); // a new engine gets the whole window
        return this;
    }

    /** Also keeps every new measure fed to the engine (the service's database), so a restart keeps the forecasts. */
    public OpenStackPoller storingTo(SampleSink samples) {
        this.sink = samples == null ? SampleSink.NONE : samples;
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
        Cycle cycle = cycle();
        lastCycle = cycle;
        if (cycle.outcome() instanceof CollectionOutcome.Collected c) {
            lastInventory = c.inventory();
        }
        return cycle;
    }

    private Cycle cycle() {
        CollectionOutcome outcome = collector.collect();
        if (outcome instanceof CollectionOutcome.Failed failed) {
            return new Cycle(outcome, List.of(), failed.retryAfter());
        }
        OpenStackInventory inventory = ((CollectionOutcome.Collected) outcome).inventory();
        history.record(inventory.metrics().instanceCpuPercent(), inventory.metrics().intervalSeconds());
        // Shadows first, so that this cycle's report names the transitions the observation causes.
        List<String> changes = new ArrayList<>(planning.observe(inventory.nodes(), inventory.instances(),
                inventory.metrics(), thresholdPercent, clock.instant()));
        ClusterEngine target = engine;
        if (target != null) {
            List<SampleSink.Collected> measures = new ArrayList<>();
            newMeasures(target.clusterId(), EntityKind.VM, inventory.instanceCpuPercentHistory(), measures);
            newMeasures(target.clusterId(), EntityKind.HOST, inventory.hostCpuPercentHistory(), measures);
            // Kept whatever the engine makes of them, as Kafka samples are: the database records what was measured.
            sink.offerAndStore(measures, cluster -> target);
            EngineInventory.Mapped mapped = EngineInventory.of(inventory, target.clusterId());
            target.replaceInventory(mapped.hosts(), mapped.vms(), clock.instant());
            target.setDependencies(withServerGroups(target.snapshot(clock.instant()).dependencies(),
                    inventory.serverGroups()));
        }
        return new Cycle(outcome, changes, interval);
    }

    /**
     * The measures of the window newer than those of the previous cycles: the metrics source answers the whole window
     * every cycle, and a measure read again is not a new sample. Series no longer in the window are forgotten.
     */
    private void newMeasures(String clusterId, EntityKind kind, Map<String, List<OpenStackInventory.TimedValue>> window,
                             List<SampleSink.Collected> out) {
        offeredUpTo.keySet().removeIf(key -> key.kind() == kind && !window.containsKey(key.entityId()));
        window.forEach((id, values) -> {
            SeriesKey key = new SeriesKey(kind, id, Metric.CPU_PERCENT);
            long upTo = offeredUpTo.getOrDefault(key, Long.MIN_VALUE);
            for (OpenStackInventory.TimedValue v : values) {
                if (v.epochSeconds() > upTo) {
                    out.add(new SampleSink.Collected(clusterId, kind, id, Metric.CPU_PERCENT,
                            Instant.ofEpochSecond(v.epochSeconds()), v.value(), null));
                    offeredUpTo.merge(key, v.epochSeconds(), Math::max);
                }
            }
        });
    }

    /** The last cycle run, if any. */
    public Optional<Cycle> lastCycle() {
        return Optional.ofNullable(lastCycle);
    }

    /** The last inventory collected, if any (kept while later cycles fail). */
    public Optional<OpenStackInventory> lastInventory() {
        return Optional.ofNullable(lastInventory);
    }

    /** The engine this poller feeds, if any. */
    public Optional<ClusterEngine> engine() {
        return Optional.ofNullable(engine);
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
