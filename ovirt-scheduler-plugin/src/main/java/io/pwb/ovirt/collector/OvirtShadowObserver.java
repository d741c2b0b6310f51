package io.pwb.ovirt.collector;

import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowEvent;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the shadows from what the collector sees: a VM migrating starts its move, a VM on a host is observed
 * there (on the target: verification starts), the target's observed utilisation verifies the move (COMMITTED, or
 * ROLLED_BACK when harmful), and time expires shadows the engine never acted on.
 */
public final class OvirtShadowObserver {

    private OvirtShadowObserver() {
    }

    public static List<ShadowEvent> observe(OvirtInventory inv, ShadowLedger ledger) {
        List<ShadowEvent> events = new ArrayList<>();
        Map<String, OvirtInventory.Host> hosts = new HashMap<>();
        inv.hosts().forEach(h -> hosts.put(h.id(), h));
        for (OvirtInventory.Vm vm : inv.vms()) {
            if (ledger.activeFor(vm.id()).isEmpty()) {
                continue;
            }
            if (vm.migrating()) {
                events.addAll(ledger.migrationStarted(vm.id(), inv.collectedAt()).events());
            }
            vm.hostId().ifPresent(h -> events.addAll(ledger.vmObserved(vm.id(), h, inv.collectedAt()).events()));
            Shadow s = ledger.activeFor(vm.id()).orElse(null);
            if (s != null && s.state() == ShadowState.VERIFYING && hosts.containsKey(s.targetHostId())) {
                double u = utilisation(hosts.get(s.targetHostId()));
                if (Double.isFinite(u)) {
                    events.addAll(ledger.targetObserved(vm.id(), u, inv.collectedAt()).events());
                }
            }
        }
        events.addAll(ledger.tick(inv.collectedAt()));
        return events;
    }

    /** The busier of CPU and memory, 0..1; NaN when the host reported neither. */
    static double utilisation(OvirtInventory.Host h) {
        Double cpuPercent = OvirtSamples.hostCpuPercent(h.statistics());
        Double memUsed = h.statistics().get("memory.used");
        double u = Double.NaN;
        if (cpuPercent != null) {
            u = cpuPercent / 100.0;
        }
        if (memUsed != null && h.memoryBytes() > 0) {
            double m = memUsed / h.memoryBytes();
            u = Double.isNaN(u) ? m : Math.max(u, m);
        }
        return u;
    }
}
