package io.pwb.openstack.watcher;

import io.pwb.engine.runtime.ClaimedClusters;
import io.pwb.engine.runtime.ClusterClaims;
import io.pwb.engine.shadow.LedgerResult;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowEvent;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Watcher edge's view of PWB's shadow ledger for one cluster. Watcher's model counts CPU in vCPUs, the
 * engine in MHz: the engine's reservations hold {@link #MHZ_PER_VCPU} per vCPU of predicted load, and the
 * instance's memory flavor in bytes. The cluster is {@linkplain ClusterClaims#claim claimed} before the book first
 * uses the ledger, so that this replica's ledger holds the cluster's shadows from then on (the service restores them
 * from the database), whichever comes first: a Watcher audit or the OpenStack collector. With remembered claims,
 * {@link #resume()} claims again at start what was claimed before a restart, and {@link #tick} moves those shadows on
 * with time alone, so they expire at their deadline while neither OpenStack nor Watcher is heard from.
 */
public final class WatcherShadowBook {

    /** The nominal clock the Watcher edge uses to express vCPU load as engine MHz. */
    public static final double MHZ_PER_VCPU = 1000.0;

    /** Watcher counts memory in MB (MiB), the engine in bytes. */
    public static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private final ShadowLedger ledger;
    private final String clusterId;
    private final ClaimedClusters claimed;

    public WatcherShadowBook(ShadowLedger ledger, String clusterId) {
        this(ledger, clusterId, ClusterClaims.NONE);
    }

    public WatcherShadowBook(ShadowLedger ledger, String clusterId, ClusterClaims claims) {
        this.ledger = ledger;
        this.clusterId = clusterId;
        this.claimed = new ClaimedClusters(claims);
    }

    public String clusterId() {
        return clusterId;
    }

    /** The shared ledger the engine's planner reserves in, holding this cluster's shadows. */
    ShadowLedger ledger() {
        claimed.watch(clusterId);
        return ledger;
    }

    /**
     * Claims again the clusters claimed before this process started (this book's cluster, and any a previous
     * {@code pwb.watcher.cluster-id} named, whose shadows then run out too). Call once, at start.
     *
     * @return the clusters resumed
     * @throws IllegalStateException naming those that could not be claimed (this book's is claimed again on first use)
     */
    public List<String> resume() {
        return claimed.resume("OpenStack");
    }

    /** Moves the shadows of the claimed clusters on with time alone (expiries, verification windows). */
    public List<String> tick(Instant now) {
        List<String> changes = new ArrayList<>();
        record(changes, claimed.tick(ledger, now));
        return changes;
    }

    /**
     * Moves the ledger on with a new observation: time (expiries, verification windows), where each instance
     * is, and the observed utilisation (0..1) of targets under verification.
     */
    List<String> observe(Map<String, String> placement, Map<String, Double> observedUtilisation, Instant now) {
        List<String> changes = new ArrayList<>();
        ShadowLedger ledger = ledger();
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

    /** Every shadow of this cluster the ledger still holds. */
    public List<Shadow> all() {
        return ledger().all().stream().filter(s -> s.clusterId().equals(clusterId)).toList();
    }
}
