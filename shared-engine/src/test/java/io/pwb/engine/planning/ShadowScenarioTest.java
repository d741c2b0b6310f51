package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.FIVE_POINT_GAIN;
import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.SimulatedPlatform;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.Migration;
import io.pwb.engine.model.Vm;
import io.pwb.engine.placement.FilterResult;
import io.pwb.engine.placement.Placement;
import io.pwb.engine.placement.PlacementContext;
import io.pwb.engine.shadow.LedgerResult;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowEvent;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowSettings;
import io.pwb.engine.shadow.ShadowState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4 "one seat left": h1 is overloaded by vm-a and vm-b (4,500 MHz each); h2 has room for exactly one of
 * them under its 80 % threshold; h3 is nearly full.
 */
class ShadowScenarioTest {

    static ClusterSnapshot oneSeatLeft() {
        return ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2"), host("h3")), List.of(
                flatVm("vm-a", "h1", 4500), flatVm("vm-b", "h1", 4500), flatVm("vm-c", "h2", 3000),
                flatVm("vm-d", "h3", 7000))).withSettings(FIVE_POINT_GAIN); // h2 ends at 75 %: the 5-point band
    }

    private final List<ShadowEvent> events = new ArrayList<>();
    private final ShadowLedger ledger = new ShadowLedger(ShadowSettings.DEFAULT, events::add);

    private FilterResult filterForB(ClusterSnapshot s, Instant now) {
        PlacementContext ctx = PlacementContext.of(s.withTime(now), ledger.reservations("c1"), ledger.coolDowns("c1"));
        return Placement.forPlanning(s.settings()).filter(ctx, "vm-b", List.of("h2", "h3"));
    }

    @Test
    void aReservedTargetIsNotOfferedToASecondVmAndExpiryReleasesIt() {
        ClusterSnapshot s = oneSeatLeft();
        PlanResult first = new Planner().plan(s, ledger);
        assertEquals(1, first.decisions().size(), first.notes().toString());
        Decision d = first.decisions().get(0);
        assertEquals("h2", d.migration().targetHostId());
        assertNotNull(d.shadowId());
        assertEquals(ShadowState.RESERVED, ledger.find(d.shadowId()).orElseThrow().state());
        assertEquals("vm-a", d.migration().vmId(), "equal VMs: ties go by id");

        // The platform has not moved anything yet: the seat on h2 is taken by vm-a's shadow.
        FilterResult r = filterForB(s, T0.plusSeconds(60));
        assertTrue(r.passedHostIds().isEmpty(), r.toString());
        assertTrue(r.rejected().get("h2").startsWith("fits:"), r.rejected().toString());
        // ...while the VM the seat is held for still passes there (when the platform asks about it).
        PlacementContext ctx = PlacementContext.of(s.withTime(T0.plusSeconds(60)), ledger.reservations("c1"),
                ledger.coolDowns("c1"));
        assertEquals(List.of("h2"), Placement.standard(s.settings()).filter(ctx, "vm-a", List.of("h2"))
                .passedHostIds());
        PlanResult second = new Planner().plan(s.withTime(T0.plusSeconds(300)), ledger);
        assertTrue(second.decisions().isEmpty(), "neither a second VM to h2 nor the same VM twice: "
                + second.decisions());

        // Ten minutes without a move: the shadow expires and the seat is offered again.
        List<ShadowEvent> expired = ledger.tick(T0.plusSeconds(600));
        assertEquals(1, expired.size());
        assertEquals(ShadowState.EXPIRED, expired.get(0).to());
        assertTrue(ledger.reservations("c1").isEmpty());
        FilterResult after = filterForB(s, T0.plusSeconds(600));
        assertEquals(List.of("h2"), after.passedHostIds(), after.rejected().toString());
    }

    @Test
    void aFailedMoveIsRolledBackAndPutsVmAndTargetOnCoolDown() {
        ClusterSnapshot s = oneSeatLeft();
        Decision d = new Planner().plan(s, ledger).decisions().get(0);
        String vm = d.migration().vmId();
        ledger.migrationStarted("c1", vm, T0.plusSeconds(30));
        LedgerResult failed = ledger.migrationFailed("c1", vm, "libvirt: connection reset", T0.plusSeconds(90));
        ShadowEvent e = failed.events().get(0);
        assertEquals(ShadowState.ROLLED_BACK, e.to());
        assertNull(e.moveBack(), "the VM never left its source: nothing to move back");
        assertTrue(ledger.coolDowns("c1").vmCoolingDown(vm, T0.plusSeconds(120)));
        assertTrue(ledger.coolDowns("c1").hostCoolingDown("h2", T0.plusSeconds(120)));
        assertTrue(filterForB(s, T0.plusSeconds(120)).rejected().get("h2").startsWith("cool-down:"));
        PlanResult next = new Planner().plan(s.withTime(T0.plusSeconds(300)), ledger);
        assertTrue(next.decisions().stream().noneMatch(x -> x.migration().targetHostId().equals("h2")));
    }

    @Test
    void aHarmfulMoveIsRolledBackWithAHighPriorityMoveBack() {
        ClusterSnapshot s = oneSeatLeft();
        Decision d = new Planner().plan(s, ledger).decisions().get(0);
        String vm = d.migration().vmId();
        ledger.vmObserved("c1", vm, "h2", T0.plusSeconds(120));
        assertEquals(ShadowState.VERIFYING, ledger.activeFor("c1", vm).orElseThrow().state());
        assertTrue(ledger.targetObserved("c1", vm, 0.70, T0.plusSeconds(300)) instanceof LedgerResult.Unchanged);
        // sustained harm: three consecutive observations above the limit (the default smoothing)
        assertEquals(ShadowState.VERIFYING, ledger.targetObserved("c1", vm, 0.97, T0.plusSeconds(420)).events()
                .get(0).to(), "the first excess is noted, not acted on");
        ledger.targetObserved("c1", vm, 0.96, T0.plusSeconds(540));
        LedgerResult harmful = ledger.targetObserved("c1", vm, 0.98, T0.plusSeconds(660));
        ShadowEvent rolledBack = harmful.events().get(0);
        assertEquals(ShadowState.ROLLED_BACK, rolledBack.to());
        assertEquals(new Migration(vm, "h2", "h1"), rolledBack.moveBack());
        Shadow back = harmful.events().get(1).shadow();
        assertTrue(back.moveBack());
        assertEquals(ShadowState.RESERVED, back.state());
        assertEquals("h1", back.targetHostId(), "the move back holds capacity on the original host");
        assertTrue(ledger.coolDowns("c1").pairCoolingDown(vm, "h2", T0.plusSeconds(600)));

        // The next cycle leads with the high-priority move back, and nothing else touches the VM.
        PlanResult next = new Planner().plan(s.withVmOn(vm, "h2").withTime(T0.plusSeconds(600)), ledger);
        Decision moveBack = next.decisions().get(0);
        assertEquals(DecisionKind.MOVE_BACK, moveBack.kind());
        assertEquals(Priority.HIGH, moveBack.priority());
        assertEquals(new Migration(vm, "h2", "h1"), moveBack.migration());
        assertEquals(back.id(), moveBack.shadowId());
        assertTrue(next.decisions().stream().skip(1).noneMatch(x -> x.migration().vmId().equals(vm)));
        assertEquals(List.of(ShadowState.RESERVED, ShadowState.MIGRATING, ShadowState.VERIFYING,
                ShadowState.VERIFYING, ShadowState.VERIFYING, ShadowState.ROLLED_BACK, ShadowState.RESERVED),
                events.stream().map(ShadowEvent::to).toList());
        assertTrue(rolledBack.reason().contains("97.0 %, 96.0 %, 98.0 %"), rolledBack.reason());
    }

    @Test
    void aMoveWithinToleranceIsCommittedAfterTheVerificationWindow() {
        ClusterSnapshot s = oneSeatLeft();
        Decision d = new Planner().plan(s, ledger).decisions().get(0);
        String vm = d.migration().vmId();
        ledger.vmObserved("c1", vm, "h2", T0.plusSeconds(120));
        assertTrue(ledger.vmObserved("c1", vm, "h2", T0.plusSeconds(180)) instanceof LedgerResult.Unchanged,
                "idempotent on the same observation");
        assertTrue(ledger.targetObserved("c1", vm, 0.72, T0.plusSeconds(420)) instanceof LedgerResult.Unchanged);
        assertTrue(ledger.tick(T0.plusSeconds(120 + 899)).isEmpty());
        List<ShadowEvent> committed = ledger.tick(T0.plusSeconds(120 + 900));
        assertEquals(ShadowState.COMMITTED, committed.get(0).to());
        assertTrue(ledger.reservations("c1").isEmpty());
    }

    /**
     * Scenario 4, ping-pong: vm-x is the only movable VM. Each cycle, a pinned VM on whichever host vm-x sits on
     * is forecast to grow so that vm-x's host looks overloaded. Without cool-down it would hop every cycle.
     */
    @Test
    void coolDownStopsPingPongOverTwentyCycles() {
        assertTrue(hops(ShadowSettings.DEFAULT) <= 4, "at most one hop per 30 min cool-down in 100 min");
        int withoutCoolDown = hops(new ShadowSettings(600, 0, 0.1, 0, 0).withObservationGraceSeconds(0)
                .withReturnPenalty(0, 0));
        assertTrue(withoutCoolDown >= 10, "control: without cool-down it does ping-pong (" + withoutCoolDown + ")");
    }

    private static int hops(ShadowSettings settings) {
        ShadowLedger ledger = new ShadowLedger(settings, null);
        Planner planner = new Planner();
        String at = "h1";
        int hops = 0;
        for (int cycle = 0; cycle < 20; cycle++) {
            Instant now = T0.plusSeconds(300L * cycle);
            String otherHost = at.equals("h1") ? "h2" : "h1";
            List<Vm> vms = List.of(flatVm("vm-x", at, 2000),
                    flatVm("bg-" + at, at, 7000).withMigratable(false),
                    flatVm("bg-" + otherHost, otherHost, 2000).withMigratable(false));
            ClusterSnapshot s = ClusterSnapshot.of("c1", now, List.of(host("h1"), host("h2")), vms)
                    .withSettings(FIVE_POINT_GAIN);
            PlanResult plan = planner.plan(s, ledger);
            SimulatedPlatform.carryOut(s, plan, ledger, now);
            ledger.tick(now.plusSeconds(1));
            for (Decision d : plan.decisions()) {
                at = d.migration().targetHostId();
                hops++;
            }
        }
        return hops;
    }
}
