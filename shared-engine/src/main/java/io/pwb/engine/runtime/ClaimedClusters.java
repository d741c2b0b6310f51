package io.pwb.engine.runtime;

import io.pwb.engine.shadow.ShadowEvent;
import io.pwb.engine.shadow.ShadowLedger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The clusters one platform collector drives: each is {@linkplain ClusterClaims#claim claimed} the first time the
 * collector touches it, {@link #resume} claims again those it drove before a restart, and {@link #tick} moves their
 * shadows on with time alone, so that they expire at their deadline while the platform cannot be reached.
 */
public final class ClaimedClusters {

    private final ClusterClaims claims;
    private final Set<String> clusters = new CopyOnWriteArraySet<>();

    public ClaimedClusters(ClusterClaims claims) {
        this.claims = claims == null ? ClusterClaims.NONE : claims;
    }

    /**
     * Claims the cluster unless this collector already drives it.
     *
     * @throws IllegalStateException when it cannot be taken over now (the next call tries again)
     */
    public void watch(String clusterId) {
        if (clusters.contains(clusterId)) {
            return;
        }
        synchronized (this) { // one claim per cluster, also when a collection and a Watcher audit race for it
            if (!clusters.contains(clusterId)) {
                claims.claim(clusterId);
                clusters.add(clusterId);
            }
        }
    }

    /**
     * Claims the clusters driven before this process started. Call once, at start, before the first collection.
     *
     * @param platform names the platform in the failure, e.g. {@code oVirt}
     * @return the clusters driven now
     * @throws IllegalStateException naming the clusters that could not be claimed (the others are resumed; those are
     *                               claimed again when the collector next touches them)
     */
    public List<String> resume(String platform) {
        List<String> failed = new ArrayList<>();
        for (String c : claims.claimedBefore()) {
            try {
                watch(c);
            } catch (IllegalStateException e) {
                failed.add(e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException(platform + " clusters not resumed: " + String.join("; ", failed));
        }
        return List.copyOf(clusters);
    }

    /** Moves the shadows of every driven cluster on with time alone (expiries, verification windows). */
    public List<ShadowEvent> tick(ShadowLedger ledger, Instant now) {
        List<ShadowEvent> events = new ArrayList<>();
        clusters.forEach(c -> events.addAll(ledger.tick(c, now)));
        return events;
    }

    /** The clusters driven now. */
    public List<String> all() {
        return List.copyOf(clusters);
    }
}
