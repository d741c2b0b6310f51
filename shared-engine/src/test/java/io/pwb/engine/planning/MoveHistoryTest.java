package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.FIVE_POINT_GAIN;
import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.SimulatedPlatform;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.Migration;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.Vm;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowSettings;
import io.pwb.engine.shadow.ShadowState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's "ping-pong": vm-x leaves h1 because h1 is overloaded; 1.5 h later (after its 30-min cool-down) the
 * load has shifted and h2, where vm-x now runs, is predicted a few points over its threshold while h1 has room. The
 * cheapest relief is to send vm-x straight back. Move history makes such a return need a clearly better reason
 * (default: 10 points more excess removed right after leaving, fading over 6 h); hosts of 10,000 MHz, threshold
 * 80 %, minimum gain pinned at 5 points.
 */
class MoveHistoryTest {
    private static final Instant LATER = T0.plusSeconds(5400);

    /** vm-x (2,000 MHz) moves h1 -> h2 at T0 and the move is verified and committed. */
    private static ShadowLedger movedAway(ShadowSettings settings) {
        ShadowLedger ledger = new ShadowLedger(settings, null);
        ClusterSnapshot s = ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2")), List.of(
                flatVm("vm-x", "h1", 2000), flatVm("bg-1", "h1", 7000).withMigratable(false),
                flatVm("bg-2", "h2", 2000).withMigratable(false))).withSettings(FIVE_POINT_GAIN);
        PlanResult first = new Planner().plan(s, ledger);
        assertEquals(List.of(new Migration("vm-x", "h1", "h2")),
                first.decisions().stream().map(Decision::migration).toList(), first.notes().toString());
        SimulatedPlatform.carryOut(s, first, ledger, T0);
        ledger.targetObserved("c1", "vm-x", 0.4, T0.plusSeconds(300));
        ledger.tick(T0.plusSeconds(1000));
        assertEquals(ShadowState.COMMITTED, ledger.all().get(0).state());
        return ledger;
    }

    /** 1.5 h later: h1 has cooled to {@code bg1} MHz, h2's pinned VM grew to {@code bg2} MHz. */
    private static PlanResult later(ShadowLedger ledger, double bg1, double bg2, Vm... more) {
        List<Vm> vms = new ArrayList<>(List.of(flatVm("vm-x", "h2", 2000),
                flatVm("bg-1", "h1", bg1).withMigratable(false), flatVm("bg-2", "h2", bg2).withMigratable(false)));
        vms.addAll(List.of(more));
        return new Planner().plan(ClusterSnapshot.of("c1", LATER, List.of(host("h1"), host("h2")), vms)
                .withSettings(FIVE_POINT_GAIN), ledger);
    }

    @Test
    void aReturnForAnOrdinaryReasonIsRefusedButAClearlyBetterReasonStillMovesTheVmBack() {
        // control: without move history the planner sends vm-x back for a 6-point gain (the demo's ping-pong)
        PlanResult pingPong = later(movedAway(ShadowSettings.DEFAULT.withReturnPenalty(0, 0)), 5500, 6600);
        assertEquals(List.of(new Migration("vm-x", "h2", "h1")),
                pingPong.decisions().stream().map(Decision::migration).toList(), pingPong.notes().toString());

        // with it, h2 at 86 % is not reason enough to undo the move of 1.5 h ago (needs 5 + 7.5 points)
        PlanResult ordinary = later(movedAway(ShadowSettings.DEFAULT), 5500, 6600);
        assertTrue(ordinary.decisions().isEmpty(), ordinary.decisions().toString());
        assertTrue(ordinary.notes().stream().anyMatch(n -> n.startsWith("h2 predicted at 86.0 % but no safe move")),
                ordinary.notes().toString());

        // h2 at 110 %: removing 20 points of excess is a clearly better reason, so vm-x does go back
        PlanResult strong = later(movedAway(ShadowSettings.DEFAULT), 5500, 9000);
        assertEquals(List.of(new Migration("vm-x", "h2", "h1")),
                strong.decisions().stream().map(Decision::migration).toList(), strong.notes().toString());
    }

    @Test
    void anotherVmRelievesTheHostInsteadOfTheOneThatJustArrived() {
        Vm stayer = flatVm("vm-y", "h2", 2000); // on h2 all along, as movable as vm-x
        PlanResult withoutHistory = later(movedAway(ShadowSettings.DEFAULT.withReturnPenalty(0, 0)), 5500, 4600,
                stayer);
        assertEquals("vm-x", withoutHistory.decisions().get(0).migration().vmId(), "equal VMs: ties go by id");

        PlanResult withHistory = later(movedAway(ShadowSettings.DEFAULT), 5500, 4600, stayer);
        assertEquals(List.of(new Migration("vm-y", "h2", "h1")),
                withHistory.decisions().stream().map(Decision::migration).toList(), withHistory.notes().toString());
    }

    @Test
    void theExtraGainFadesOverTheMemoryAndIsRestoredWithTheShadows() {
        ShadowLedger ledger = movedAway(ShadowSettings.DEFAULT);
        double justLeft = ledger.coolDowns("c1").extraGainToReturn("vm-x", "h1", T0);
        double later = ledger.coolDowns("c1").extraGainToReturn("vm-x", "h1", LATER);
        assertEquals(0.10, justLeft, 1e-12);
        assertEquals(0.075, later, 1e-12);
        assertEquals(0, ledger.coolDowns("c1").extraGainToReturn("vm-x", "h1", T0.plusSeconds(6 * 3600)));
        assertEquals(0, ledger.coolDowns("c1").extraGainToReturn("vm-x", "h2", LATER), "only the host it left");
        ShadowLedger restored = ShadowLedger.restore(ShadowSettings.DEFAULT, null, ledger.all());
        assertEquals(later, restored.coolDowns("c1").extraGainToReturn("vm-x", "h1", LATER), 1e-12);
    }

    /**
     * Cost mode at {@code at}: vm-x is alone on h2 (20 %), so h2 may be emptied; h1 (pinned load at 5,000 MHz) is
     * the fullest host that stays on and would take vm-x at 70 %; h3 carries {@code h3Load} MHz (0: empty, off).
     */
    private static PlanResult consolidate(ShadowLedger ledger, Instant at, double h3Load) {
        List<Vm> vms = new ArrayList<>(List.of(flatVm("vm-x", "h2", 2000),
                flatVm("bg-1", "h1", 5000).withMigratable(false)));
        if (h3Load > 0) {
            vms.add(flatVm("bg-3", "h3", h3Load).withMigratable(false));
        }
        ClusterSnapshot s = ClusterSnapshot.of("c1", at, List.of(host("h1"), host("h2"), host("h3")), vms)
                .withSettings(FIVE_POINT_GAIN.withMode(PlanningMode.COST));
        return new Planner().plan(s, ledger);
    }

    @Test
    void consolidationNeverSendsAVmBackToTheHostItLeftWithinTheHistory() {
        // control: without move history cost mode empties h2 straight back onto h1, undoing the relief of 1.5 h ago
        PlanResult pingPong = consolidate(movedAway(ShadowSettings.DEFAULT.withReturnPenalty(0, 0)), LATER, 0);
        assertEquals(List.of(new Migration("vm-x", "h2", "h1")),
                pingPong.decisions().stream().map(Decision::migration).toList(), pingPong.notes().toString());
        assertEquals(DecisionKind.CONSOLIDATE, pingPong.decisions().get(0).kind());

        // with it, h1 is no target for vm-x; no other host is on, so h2 stays on
        PlanResult kept = consolidate(movedAway(ShadowSettings.DEFAULT), LATER, 0);
        assertTrue(kept.decisions().isEmpty(), kept.decisions().toString());
        assertTrue(kept.notes().contains("cost mode keeps h2 on (peak 20.0 %): no safe host for vm-x (not back to h1,"
                + " which it left recently)"),
                kept.notes().toString());

        // another host that stays on (h3 at 45 %, a worse fit than h1) takes vm-x instead
        PlanResult elsewhere = consolidate(movedAway(ShadowSettings.DEFAULT), LATER, 4500);
        assertEquals(List.of(new Migration("vm-x", "h2", "h3")),
                elsewhere.decisions().stream().map(Decision::migration).toList(), elsewhere.notes().toString());

        // once the history has faded (6 h), h1 is an ordinary target again
        PlanResult faded = consolidate(movedAway(ShadowSettings.DEFAULT), T0.plus(Duration.ofHours(6)), 0);
        assertEquals(List.of(new Migration("vm-x", "h2", "h1")),
                faded.decisions().stream().map(Decision::migration).toList(), faded.notes().toString());
    }
}
