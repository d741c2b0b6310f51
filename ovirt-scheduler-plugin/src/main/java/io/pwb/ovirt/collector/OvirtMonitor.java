package io.pwb.ovirt.collector;

import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.runtime.ClaimedClusters;
import io.pwb.engine.runtime.ClusterClaims;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.runtime.EngineRegistry;
import io.pwb.engine.runtime.SampleSink;
import io.pwb.engine.shadow.ShadowLedger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One collection cycle for a real oVirt engine: collect, replace each cluster's inventory in PWB's engine (which
 * reports every VM's host to the shadow ledger), feed the samples to its forecasters, report migrations the engine
 * started, and verify shadows against the observed load of their targets. While the engine is unreachable the
 * engines keep their last inventory and only time moves the shadows on, also while a collection is still running (a
 * cycle that finds one running only ticks the shadows, so they expire even while the engine hangs). Only the oVirt
 * clusters are touched: other clusters of the registry (the demo, Kafka-fed ones) run on their own clocks. The
 * samples also go to a {@link SampleSink} (the service's database), so that a restart does not start the forecasts
 * from scratch. Each cluster is {@linkplain ClusterClaims#claim claimed} before the monitor first touches it (the
 * service then loads its shadows), and {@link #resume()} claims again the clusters collected before a restart, so
 * their shadows expire at their deadline even if the engine is never reached again.
 */
public final class OvirtMonitor {

    private final OvirtCollector collector;
    private final EngineRegistry registry;
    private final SampleSink sink;
    private final ClaimedClusters clusters;
    private final AtomicBoolean collecting = new AtomicBoolean();

    public OvirtMonitor(OvirtCollector collector, EngineRegistry registry) {
        this(collector, registry, SampleSink.NONE);
    }

    public OvirtMonitor(OvirtCollector collector, EngineRegistry registry, SampleSink sink) {
        this(collector, registry, sink, ClusterClaims.NONE);
    }

    public OvirtMonitor(OvirtCollector collector, EngineRegistry registry, SampleSink sink, ClusterClaims claims) {
        this.collector = collector;
        this.registry = registry;
        this.sink = sink == null ? SampleSink.NONE : sink;
        this.clusters = new ClaimedClusters(claims);
    }

    /**
     * Claims the clusters this monitor collected before a restart, so that their shadows move on with time from the
     * first cycle, whether or not the engine answers. Call once, before the first cycle.
     *
     * @return the clusters resumed
     * @throws IllegalStateException naming the clusters that could not be claimed (the others are resumed; those are
     *                               claimed again when a collection finds them)
     */
    public List<String> resume() {
        return clusters.resume("oVirt");
    }

    /**
     * Runs one cycle at {@code now}; returns the inventory collected, if any. Safe to call while another cycle runs:
     * then only time moves the shadows on.
     */
    public Optional<OvirtInventory> cycle(Instant now) {
        if (!collecting.compareAndSet(false, true)) {
            tickShadows(now);
            return Optional.empty();
        }
        try {
            return collectAndObserve(now);
        } finally {
            collecting.set(false);
        }
    }

    /** Moves the shadows of the oVirt clusters on with time alone (expiries, verification windows). */
    public void tickShadows(Instant now) {
        clusters.tick(registry.ledger(), now);
    }

    private Optional<OvirtInventory> collectAndObserve(Instant now) {
        Optional<OvirtInventory> collected = collector.poll(now);
        if (collected.isEmpty()) {
            tickShadows(now);
            return collected;
        }
        ShadowLedger ledger = registry.ledger();
        OvirtInventory inv = collected.get();
        Map<String, ClusterEngine> engineOf = new HashMap<>();
        for (OvirtInventoryMapper.ClusterInventory c : OvirtInventoryMapper.map(inv)) {
            clusters.watch(c.clusterId()); // before the inventory reports VM placements to the cluster's shadows
            ClusterEngine engine = registry.cluster(c.clusterId());
            engine.setDependencies(new DependencyGraph(List.of(), c.rules()));
            engine.replaceInventory(c.hosts(), c.vms(), now);
            c.hosts().forEach(h -> engineOf.put(h.id(), engine));
            c.vms().forEach(v -> engineOf.put(v.id(), engine));
        }
        Map<String, String> hostOfVm = new HashMap<>();
        inv.vms().forEach(vm -> vm.hostId().ifPresent(h -> hostOfVm.put(vm.id(), h)));
        List<SampleSink.Collected> collectedSamples = new ArrayList<>();
        for (OvirtSamples.Sample s : OvirtSamples.of(inv)) {
            ClusterEngine engine = engineOf.get(s.entityId());
            if (engine != null) {
                collectedSamples.add(new SampleSink.Collected(engine.clusterId(), s.kind(), s.entityId(), s.metric(),
                        s.at(), s.value(), s.kind() == EntityKind.VM ? hostOfVm.get(s.entityId()) : null));
            }
        }
        sink.offerAndStore(collectedSamples, registry::cluster);
        for (OvirtInventory.Vm vm : inv.vms()) {
            if (vm.migrating() && vm.clusterId() != null && ledger.activeFor(vm.clusterId(), vm.id()).isPresent()) {
                ledger.migrationStarted(vm.clusterId(), vm.id(), now);
            }
        }
        for (String c : clusters.all()) {
            registry.cluster(c).verifyShadows(now);
        }
        return collected;
    }
}
