package io.pwb.ovirt.collector;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.shadow.ShadowEvent;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.ovirt.engine.ClusterSnapshots;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One collection cycle for a real oVirt engine: collect, feed the forecasters, rebuild the cluster snapshots the
 * units answer from, and move the shadows along with what the engine did. Keeps the last good snapshots while
 * the engine is unreachable.
 */
public final class OvirtMonitor implements ClusterSnapshots {

    private static final Logger LOG = Logger.getLogger(OvirtMonitor.class.getName());

    private final OvirtCollector collector;
    private final OvirtForecasts forecasts;
    private final ShadowLedger ledger;
    private final PlanningSettings settings;
    private volatile List<ClusterSnapshot> snapshots = List.of();

    public OvirtMonitor(OvirtCollector collector, OvirtForecasts forecasts, ShadowLedger ledger,
                        PlanningSettings settings) {
        if (settings.stepSeconds() != forecasts.config().stepSeconds()) {
            throw new IllegalArgumentException("planning step (" + settings.stepSeconds()
                    + " s) must equal the forecast step (" + forecasts.config().stepSeconds() + " s)");
        }
        this.collector = collector;
        this.forecasts = forecasts;
        this.ledger = ledger;
        this.settings = settings;
    }

    /** Runs one cycle at {@code now}; returns the shadow transitions it caused (empty when nothing was collected). */
    public List<ShadowEvent> cycle(Instant now) {
        Optional<OvirtInventory> collected = collector.poll(now);
        if (collected.isEmpty()) {
            ledger.tick(now);
            return List.of();
        }
        OvirtInventory inv = collected.get();
        forecasts.offer(OvirtSamples.of(inv));
        Set<String> vmIds = new HashSet<>();
        inv.vms().forEach(v -> vmIds.add(v.id()));
        forecasts.retainOnly(vmIds);
        snapshots = List.copyOf(OvirtSnapshotBuilder.build(inv, forecasts, settings));
        List<ShadowEvent> events = OvirtShadowObserver.observe(inv, ledger);
        events.forEach(e -> LOG.info(() -> "shadow " + e.shadow().id() + " of VM " + e.shadow().vmId() + ": "
                + e.from() + " -> " + e.to() + " (" + e.reason() + ")"));
        return events;
    }

    @Override
    public List<ClusterSnapshot> current() {
        return snapshots;
    }
}
