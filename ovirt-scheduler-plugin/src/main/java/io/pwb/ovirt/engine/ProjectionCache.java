package io.pwb.ovirt.engine;

import io.pwb.engine.capacity.CapacityProjector;
import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.runtime.ClusterEngine;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine calls runFilters and runCostFunctions once per VM it schedules, often in bursts: building a snapshot
 * (forecasting every VM) and projecting the cluster for each call would cost far more than answering. Snapshots
 * are reused for a short time (new samples arrive once per collection anyway); projections are reused while the
 * snapshot, the policy settings and the active reservations are the same, so a new shadow is seen at once.
 */
final class ProjectionCache {

    private static final int MAX_PROJECTIONS = 16;

    private record TimedSnapshot(ClusterSnapshot snapshot, Instant at) {
    }

    /** Snapshot by identity (a new snapshot is a new key), settings and reservations by value. */
    private record Key(ClusterSnapshot snapshot, PlanningSettings settings, List<Reservation> reservations) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.snapshot == snapshot && k.settings.equals(settings)
                    && k.reservations.equals(reservations);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * System.identityHashCode(snapshot) + settings.hashCode()) + reservations.hashCode();
        }
    }

    private final Duration snapshotTtl;
    private final Map<String, TimedSnapshot> snapshots = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Key, ClusterProjection> projections = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, ClusterProjection> eldest) {
            return size() > MAX_PROJECTIONS;
        }
    };

    ProjectionCache(Duration snapshotTtl) {
        this.snapshotTtl = snapshotTtl;
    }

    ClusterSnapshot snapshot(ClusterEngine engine, Instant now) {
        TimedSnapshot t = snapshots.get(engine.clusterId());
        if (t != null && !now.isBefore(t.at()) && Duration.between(t.at(), now).compareTo(snapshotTtl) < 0) {
            return t.snapshot();
        }
        ClusterSnapshot fresh = engine.snapshot(now);
        snapshots.put(engine.clusterId(), new TimedSnapshot(fresh, now));
        return fresh;
    }

    /** The projection of {@code base} under {@code settings} with these reservations. */
    ClusterProjection projection(ClusterSnapshot base, PlanningSettings settings, List<Reservation> reservations) {
        Key key = new Key(base, settings, List.copyOf(reservations));
        synchronized (projections) {
            ClusterProjection p = projections.get(key);
            if (p != null) {
                return p;
            }
        }
        ClusterProjection p = CapacityProjector.project(base.withSettings(settings), key.reservations());
        synchronized (projections) {
            projections.put(key, p);
        }
        return p;
    }
}
