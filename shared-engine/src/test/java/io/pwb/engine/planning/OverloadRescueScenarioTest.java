package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.Clusters;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hosts of 10,000 MHz, threshold 80 %, minimum gain 5 points. Relief targets stay under 75 %; when none can and the
 * source is predicted at least 5 points over its capacity, a rescue may take a target over its threshold, never
 * over 95 %, and must remove at least 5 points of the source's excess over its capacity (the gain is pinned at 5
 * points for these figures).
 */
class OverloadRescueScenarioTest {

    /** h1 carries a (VM of {@code moving} MHz) and b; h2 carries c. */
    private static PlanResult plan(double moving, double rest, double target) {
        ClusterSnapshot s = ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2")),
                List.of(flatVm("a", "h1", moving), flatVm("b", "h1", rest), flatVm("c", "h2", target)))
                .withSettings(Clusters.FIVE_POINT_GAIN);
        return new Planner().plan(s, List.of(), CoolDowns.NONE);
    }

    @Test
    void aTargetIsFilledOnlyToItsThresholdLessTheMinimumGain() {
        // h1 at 90 %; moving a (1,500) takes h2 from 63 % to 78 %: under 80 %, but inside the 5-point band.
        PlanResult plan = plan(1500, 7500, 6300);
        assertTrue(plan.decisions().isEmpty(), plan.decisions().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("no safe move")), plan.notes().toString());

        PlanResult room = plan(1500, 7500, 5900); // h2 ends at 74 %
        assertEquals(1, room.decisions().size(), room.notes().toString());
        assertTrue(room.decisions().get(0).explanation().targetPeakAfter() <= 0.75);
    }

    @Test
    void aHostPredictedOverItsCapacityIsRescuedOverTheTargetsThreshold() {
        // h1 at 107 %, h2 at 60 %: no VM of h1 fits h2 under 75 %, but a (2,500) takes h2 to 85 % and h1 to 82 %.
        PlanResult plan = plan(2500, 8200, 6000);
        assertEquals(1, plan.decisions().size(), plan.notes().toString());
        Decision d = plan.decisions().get(0);
        assertEquals("a", d.migration().vmId());
        assertEquals("h2", d.migration().targetHostId());
        assertEquals(DecisionKind.RELIEVE_OVERLOAD, d.kind());
        Explanation e = d.explanation();
        assertEquals(1.07, e.sourcePeakBefore(), 1e-9);
        assertEquals(0.85, e.targetPeakAfter(), 1e-9);
        assertTrue(e.summary().contains("rescue") && e.summary().contains("over its capacity"), e.summary());
    }

    @Test
    void aRescueNeverTakesATargetIntoTheMinimumGainBelowItsCapacity() {
        // h1 at 107 %, h2 at 72 %: a (2,500) would take h2 to 97 %, over the 95 % rescue limit; b is too big.
        PlanResult plan = plan(2500, 8200, 7200);
        assertTrue(plan.decisions().isEmpty(), plan.decisions().toString());
    }

    @Test
    void aHostOverItsThresholdButUnderItsCapacityIsNotRescued() {
        // h1 at 95 %, h2 at 65 %: a (1,500) would end h2 at 80 %, inside the band; no rescue under 100 %.
        PlanResult plan = plan(1500, 8000, 6500);
        assertTrue(plan.decisions().isEmpty(), plan.decisions().toString());
    }

    @Test
    void aRescueMustRemoveTheMinimumGainOfExcessOverCapacity() {
        // h1 at 110 %, h2 at 55 %: a (4,000) leaves h1 at 70 % and takes h2 to 95 %: 10 points of excess go.
        assertEquals(1, plan(4000, 7000, 5500).decisions().size());
        // h1 at 103 %: only 3 points over its capacity, not worth taking a target over its threshold.
        PlanResult small = plan(4000, 6300, 5500);
        assertTrue(small.decisions().isEmpty(), small.decisions().toString());
        // h1 at 110 % but a is only 300 MHz: h1 would stay at 107 %, 3 points of gain (b, 10,700 MHz, fits nowhere).
        PlanResult tiny = plan(300, 10700, 5500);
        assertTrue(tiny.decisions().isEmpty(), tiny.decisions().toString());
    }
}
