package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.SimulatedPlatform;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.MaintenanceWindow;
import io.pwb.engine.model.Vm;
import io.pwb.engine.placement.FilterResult;
import io.pwb.engine.placement.Placement;
import io.pwb.engine.placement.PlacementContext;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3 "firmware update at 10:00": h-fw has six VMs and a maintenance window opening two hours after T0;
 * h2..h4 have room. The planner runs every 5 minutes and the platform carries out each move at once.
 */
class MaintenanceEvacuationScenarioTest {

    static final Instant OPENS = T0.plusSeconds(2 * 3600);

    static ClusterSnapshot firmwareUpdate() {
        List<Vm> vms = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            vms.add(flatVm("vm-" + i, "h-fw", 1000));
        }
        vms.add(flatVm("vm-a", "h2", 1000));
        vms.add(flatVm("vm-b", "h3", 1000));
        vms.add(flatVm("vm-c", "h4", 1000));
        return ClusterSnapshot.of("c1", T0, List.of(host("h-fw"), host("h2"), host("h3"), host("h4")), vms)
                .withMaintenanceWindows(List.of(new MaintenanceWindow("h-fw", OPENS, OPENS.plusSeconds(7200))));
    }

    @Test
    void evacuatesAcrossCyclesBeforeTheWindowOpensAndPlacesNothingThere() {
        ShadowLedger ledger = new ShadowLedger(ShadowSettings.DEFAULT, null);
        Planner planner = new Planner();
        ClusterSnapshot world = firmwareUpdate();
        List<Integer> evacuationsPerCycle = new ArrayList<>();
        Instant emptiedAt = null;
        for (Instant now = T0; now.isBefore(OPENS); now = now.plusSeconds(300)) {
            world = world.withTime(now);
            PlanResult plan = planner.plan(world, ledger);
            for (Decision d : plan.decisions()) {
                assertNotEquals("h-fw", d.migration().targetHostId(), "nothing is placed on the host");
                assertEquals(DecisionKind.EVACUATE_FOR_MAINTENANCE, d.kind());
                assertEquals(Priority.HIGH, d.priority());
            }
            evacuationsPerCycle.add(plan.decisions().size());
            world = SimulatedPlatform.carryOut(world, plan, ledger, now);
            if (emptiedAt == null && world.vmsOn("h-fw").isEmpty()) {
                emptiedAt = now;
            }
        }
        assertTrue(world.vmsOn("h-fw").isEmpty(), "empty before the window opens");
        assertTrue(emptiedAt.isBefore(OPENS.minusSeconds(300)), "finished at least a cycle early: " + emptiedAt);
        long cyclesWithMoves = evacuationsPerCycle.stream().filter(n -> n > 0).count();
        assertTrue(cyclesWithMoves > 1, "spread over cycles, not all at once: " + evacuationsPerCycle);
        assertEquals(6, evacuationsPerCycle.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void hostEnteringMaintenanceIsFilteredOutWithAReason() {
        ClusterSnapshot s = firmwareUpdate();
        PlacementContext ctx = PlacementContext.of(s, List.of(), null);
        FilterResult r = Placement.standard(s.settings()).filter(ctx, "vm-a", List.of("h-fw", "h3"));
        assertEquals(List.of("h3"), r.passedHostIds());
        assertTrue(r.rejected().get("h-fw").startsWith("maintenance:"), r.rejected().toString());
    }

    @Test
    void aHostBeingDrainedIsEvacuatedAtOnceWithinTheCaps() {
        ClusterSnapshot s = firmwareUpdate().withMaintenanceWindows(List.of());
        s = s.withHosts(s.hosts().stream().map(h -> h.id().equals("h-fw")
                ? h.withState(io.pwb.engine.model.HostState.PREPARING_FOR_MAINTENANCE) : h).toList());
        PlanResult plan = new Planner().plan(s, List.of(), null);
        assertEquals(s.settings().maxMovesPerHostPerCycle(), plan.decisions().size(), plan.notes().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("behind schedule")), plan.notes().toString());
    }
}
