package io.pwb.engine.planning;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.Reservation;
import java.util.Collection;

/** Something that plans moves for a cluster snapshot: PWB's {@link Planner} or a baseline (for replay). */
@FunctionalInterface
public interface PlanningPolicy {
    /** Pure: reads reservations and cool-downs, reserves nothing. Never throws on bad input. */
    PlanResult plan(ClusterSnapshot snapshot, Collection<Reservation> reservations, CoolDowns coolDowns);
}
