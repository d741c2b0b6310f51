package io.pwb.engine.planning;

import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.MaintenanceWindow;
import io.pwb.engine.model.Migration;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.placement.HostFilter;
import io.pwb.engine.shadow.LedgerResult;
import io.pwb.engine.shadow.ReservationRequest;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Runs one planning cycle for one cluster: evacuate hosts ahead of maintenance, relieve hosts predicted to pass
 * their threshold within the horizon, and in cost mode empty lightly used hosts when that is safe. Fail safe:
 * bad input and internal errors give no decisions and a note, never an exception.
 */
public final class Planner implements PlanningPolicy {

    private final List<HostFilter> platformFilters;

    /** The planner with the engine's standard filters. */
    public Planner() {
        this(List.of());
    }

    /**
     * With a platform's own hard constraints, applied after the standard filters to every target the planner
     * considers (e.g. Nova's allocation of flavor vCPUs and disk for Watcher audits). They constrain where a VM
     * may go; how much to move and which VM stay the engine's.
     */
    public Planner(List<HostFilter> platformFilters) {
        this.platformFilters = List.copyOf(platformFilters);
    }

    /**
     * One cycle against a shadow ledger: expires overdue shadows, plans with the ledger's reservations and
     * cool-downs, then reserves each decision's target (except in advisory mode). A decision whose reservation
     * the ledger refuses is dropped with a note.
     */
    public PlanResult plan(ClusterSnapshot snapshot, ShadowLedger ledger) {
        if (snapshot == null || ledger == null) {
            return plan(snapshot, List.of(), CoolDowns.NONE);
        }
        try {
            ledger.tick(snapshot.clusterId(), snapshot.time());
            PlanResult planned = plan(snapshot, ledger.reservations(snapshot.clusterId()),
                    ledger.coolDowns(snapshot.clusterId()));
            if (planned.mode() == PlanningMode.ADVISORY) {
                return planned;
            }
            List<Decision> reserved = new ArrayList<>(pendingMoveBacks(snapshot, ledger));
            List<String> notes = new ArrayList<>(planned.notes());
            for (Decision d : planned.decisions()) {
                LedgerResult r = ledger.reserve(new ReservationRequest(d.clusterId(), d.migration(), d.reserve(),
                        d.explanation().targetPeakAfter(), snapshot.settings().thresholdUtilisation(), d.id()),
                        snapshot.time());
                if (r instanceof LedgerResult.Changed c) {
                    reserved.add(d.withShadow(c.events().get(0).shadow().id()));
                } else {
                    notes.add("dropped move of " + d.migration().vmId() + ": " + r);
                }
            }
            return new PlanResult(planned.clusterId(), planned.time(), planned.mode(), reserved, notes);
        } catch (RuntimeException e) {
            return failed(snapshot, e);
        }
    }

    /**
     * High-priority MOVE_BACK decisions for rolled-back moves whose reverse move is still pending (its shadow is
     * RESERVED). Repeated every cycle until the platform acts; the id is stable ("move-back-" + shadow id), so
     * callers can tell a repeat from a new decision.
     */
    public static List<Decision> pendingMoveBacks(ClusterSnapshot snapshot, ShadowLedger ledger) {
        List<Decision> out = new ArrayList<>();
        for (Shadow s : ledger.activeIn(snapshot.clusterId())) {
            if (s.moveBack() && s.state() == ShadowState.RESERVED) {
                Explanation why = new Explanation(s.reason() + ": move " + s.vmId() + " back to "
                        + s.targetHostId(), "n/a (reverses a harmful move)", Double.NaN, Double.NaN, Double.NaN,
                        s.predictedTargetUtilisation(), Double.NaN, List.of());
                out.add(new Decision("move-back-" + s.id(), s.clusterId(), snapshot.time(), DecisionKind.MOVE_BACK,
                        Priority.HIGH, s.migration(), s.reserved(), why, false, s.id()));
            }
        }
        return out;
    }

    @Override
    public PlanResult plan(ClusterSnapshot snapshot, Collection<Reservation> reservations, CoolDowns coolDowns) {
        if (snapshot == null) {
            return new PlanResult("unknown", null, PlanningMode.ADVISORY, List.of(), List.of("no snapshot given"));
        }
        try {
            if (snapshot.hosts().isEmpty()) {
                return new PlanResult(snapshot.clusterId(), snapshot.time(), snapshot.settings().mode(), List.of(),
                        List.of("cluster " + snapshot.clusterId() + " has no hosts: nothing to plan"));
            }
            PlanningCycle cycle = new PlanningCycle(snapshot, reservations == null ? List.of() : reservations,
                    coolDowns == null ? CoolDowns.NONE : coolDowns, platformFilters);
            cycle.evacuate();
            cycle.relieveOverloads();
            if (snapshot.settings().mode() == PlanningMode.COST) {
                cycle.consolidate();
            } else {
                cycle.protectFromBursts(); // cost mode packs hosts on purpose; headroom for bursts is not its aim
            }
            return new PlanResult(snapshot.clusterId(), snapshot.time(), snapshot.settings().mode(),
                    cycle.decisions(), cycle.notes());
        } catch (RuntimeException e) {
            return failed(snapshot, e);
        }
    }

    private static PlanResult failed(ClusterSnapshot s, RuntimeException e) {
        return new PlanResult(s.clusterId(), s.time(), s.settings().mode(), List.of(),
                List.of("planning failed, nothing recommended: " + e));
    }

    /** The earliest maintenance window of the host that is open or opens within the evacuation lead, or null. */
    static MaintenanceWindow upcomingWindow(ClusterSnapshot s, Host host) {
        MaintenanceWindow first = null;
        for (MaintenanceWindow w : s.windowsOf(host.id())) {
            if (w.end().isAfter(s.time())
                    && !w.start().isAfter(s.time().plusSeconds(s.settings().evacuationLeadSeconds()))
                    && (first == null || w.start().isBefore(first.start()))) {
                first = w;
            }
        }
        return first;
    }

    static boolean draining(Host host) {
        return host.state() == HostState.PREPARING_FOR_MAINTENANCE;
    }

    static Migration migration(String vmId, ClusterProjection p, int source, int target) {
        return new Migration(vmId, p.host(source).id(), p.host(target).id());
    }

}
