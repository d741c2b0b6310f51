package io.pwb.ovirt.collector;

import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.runtime.EngineRegistry;
import io.pwb.engine.shadow.ShadowLedger;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One collection cycle for a real oVirt engine: collect, replace each cluster's inventory in PWB's engine (which
 * reports every VM's host to the shadow ledger), feed the samples to its forecasters, report migrations the engine
 * started, and verify shadows against the observed load of their targets. While the engine is unreachable the
 * engines keep their last inventory and only time moves the shadows on.
 */
public final class OvirtMonitor {

    private final OvirtCollector collector;
    private final EngineRegistry registry;

    public OvirtMonitor(OvirtCollector collector, EngineRegistry registry) {
        this.collector = collector;
        this.registry = registry;
    }

    /** Runs one cycle at {@code now}; returns the inventory collected, if any. */
    public Optional<OvirtInventory> cycle(Instant now) {
        Optional<OvirtInventory> collected = collector.poll(now);
        ShadowLedger ledger = registry.ledger();
        if (collected.isEmpty()) {
            ledger.tick(now);
            return collected;
        }
        OvirtInventory inv = collected.get();
        Map<String, ClusterEngine> engineOf = new HashMap<>();
        for (OvirtInventoryMapper.ClusterInventory c : OvirtInventoryMapper.map(inv)) {
            ClusterEngine engine = registry.cluster(c.clusterId());
            engine.setDependencies(new DependencyGraph(List.of(), c.rules()));
            engine.replaceInventory(c.hosts(), c.vms(), now);
            c.hosts().forEach(h -> engineOf.put(h.id(), engine));
            c.vms().forEach(v -> engineOf.put(v.id(), engine));
        }
        for (OvirtSamples.Sample s : OvirtSamples.of(inv)) {
            ClusterEngine engine = engineOf.get(s.entityId());
            if (engine != null) {
                engine.offer(s.kind(), s.entityId(), s.metric(), s.at().getEpochSecond(), s.value());
            }
        }
        for (OvirtInventory.Vm vm : inv.vms()) {
            if (vm.migrating() && vm.clusterId() != null && ledger.activeFor(vm.clusterId(), vm.id()).isPresent()) {
                ledger.migrationStarted(vm.clusterId(), vm.id(), now);
            }
        }
        for (ClusterEngine engine : registry.all()) {
            engine.verifyShadows(now);
        }
        return collected;
    }
}
