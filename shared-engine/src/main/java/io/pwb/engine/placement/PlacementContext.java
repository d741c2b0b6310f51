package io.pwb.engine.placement;

import io.pwb.engine.capacity.CapacityProjector;
import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.Reservation;
import java.time.Instant;
import java.util.Collection;

/** What filters and criteria see: the projected cluster (with reservations) and the cool-downs in force. */
public record PlacementContext(ClusterProjection projection, CoolDowns coolDowns) {

    public PlacementContext {
        if (projection == null) {
            throw new IllegalArgumentException("a placement context needs a projection");
        }
        coolDowns = coolDowns == null ? CoolDowns.NONE : coolDowns;
    }

    /** Projects the snapshot with the given active reservations. */
    public static PlacementContext of(ClusterSnapshot snapshot, Collection<Reservation> reservations,
                                      CoolDowns coolDowns) {
        return new PlacementContext(CapacityProjector.project(snapshot, reservations), coolDowns);
    }

    public ClusterSnapshot snapshot() {
        return projection.snapshot();
    }

    public Instant now() {
        return projection.snapshot().time();
    }

    public PlacementContext withProjection(ClusterProjection p) {
        return new PlacementContext(p, coolDowns);
    }
}
