package io.pwb.openstack.watcher;

import io.pwb.engine.model.Migration;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.model.Resources;
import io.pwb.engine.shadow.LedgerResult;
import io.pwb.engine.shadow.ReservationRequest;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowEvent;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Watcher edge's view of PWB's shadow ledger for one cluster. Watcher's model counts CPU in vCPUs, the
 * engine in MHz: a reservation holds {@link #MHZ_PER_VCPU} per vCPU of predicted load, and the instance's
 * memory flavor in bytes; flavor vCPUs and disk come from the model, where the instance still is.
 */
public final class WatcherShadowBook {

    /** The nominal clock the Watcher edge uses to express vCPU load as engine MHz. */
    public static final double MHZ_PER_VCPU = 1000.0;
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private final ShadowLedger ledger;
    private final String clusterId;

    public WatcherShadowBook(ShadowLedger ledger, String clusterId) {
        this.ledger = ledger;
        this.clusterId = clusterId;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Reserves the move's destination; null (and the reason in {@code notes}) if the ledger refuses. */
    String reserve(PlannedMove move, double predictedTargetUtilisation, double thresholdUtilisation,
                   String decisionId, Instant now, List<String> notes) {
        Resources held = Resources.of(move.cpuLoadVcpus() * MHZ_PER_VCPU,
                move.instance().memoryMb() * BYTES_PER_MB);
        LedgerResult r = ledger.reserve(new ReservationRequest(clusterId, new Migration(move.instance().uuid(),
                move.source().uuid(), move.destination().uuid()), held, predictedTargetUtilisation,
                thresholdUtilisation, decisionId), now);
        if (r instanceof LedgerResult.Changed c) {
            return c.events().get(0).shadow().id();
        }
        notes.add("no shadow for " + move.instance().uuid() + ": " + r);
        return null;
    }

    /**
     * Moves the ledger on with a new observation: time (expiries, verification windows), where each instance
     * is, and the observed utilisation (0..1) of targets under verification.
     */
    List<String> observe(Map<String, String> placement, Map<String, Double> observedUtilisation, Instant now) {
        List<String> changes = new ArrayList<>();
        record(changes, ledger.tick(clusterId, now));
        placement.forEach((vm, node) -> record(changes, ledger.vmObserved(clusterId, vm, node, now)));
        for (Shadow s : ledger.activeIn(clusterId)) {
            Double u = observedUtilisation.get(s.targetHostId());
            if (s.state() == ShadowState.VERIFYING && u != null) {
                record(changes, ledger.targetObserved(clusterId, s.vmId(), u, now));
            }
        }
        return changes;
    }

    private static void record(List<String> changes, LedgerResult r) {
        if (r instanceof LedgerResult.Changed c) {
            record(changes, c.events());
        }
    }

    private static void record(List<String> changes, List<ShadowEvent> events) {
        for (ShadowEvent e : events) {
            changes.add("shadow " + e.shadow().id() + " of " + e.shadow().vmId() + " -> " + e.to() + ": "
                    + e.reason());
        }
    }

    /** Capacity held on destinations, for instances that have not arrived there yet. */
    List<Reservation> reservations() {
        return ledger.reservations(clusterId);
    }

    /** Reverse moves the ledger asks for after a harmful move, still waiting to be performed. */
    List<Shadow> pendingMoveBacks() {
        return ledger.activeIn(clusterId).stream()
                .filter(s -> s.moveBack() && s.state() == ShadowState.RESERVED).toList();
    }

    /** Instances that must not be moved now: a move is pending, or a cool-down after a rollback. */
    Set<String> frozen(List<WatcherInstance> instances, Instant now) {
        var coolDowns = ledger.coolDowns(clusterId);
        Set<String> out = new HashSet<>();
        for (WatcherInstance i : instances) {
            if (ledger.activeFor(clusterId, i.uuid()).isPresent() || coolDowns.vmCoolingDown(i.uuid(), now)) {
                out.add(i.uuid());
            }
        }
        return out;
    }

    /** Every shadow of this cluster the ledger still holds. */
    public List<Shadow> all() {
        return ledger.all().stream().filter(s -> s.clusterId().equals(clusterId)).toList();
    }

    /** Predicted vCPU load a reservation holds. */
    static double cpuLoadVcpus(Reservation r) {
        return r.reserved().cpuMhz() / MHZ_PER_VCPU;
    }
}
