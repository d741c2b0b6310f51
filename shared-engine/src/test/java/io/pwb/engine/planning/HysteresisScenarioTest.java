package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hysteresis counts only the excess over the threshold that a move removes. */
class HysteresisScenarioTest {

    private static PlanResult plan(double first, double second) {
        ClusterSnapshot s = ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2")),
                List.of(flatVm("a", "h1", first), flatVm("b", "h1", second), flatVm("c", "h2", 1000)));
        return new Planner().plan(s, List.of(), CoolDowns.NONE);
    }

    @Test
    void aHostJustAboveItsThresholdIsNotWorthAMigration() {
        PlanResult plan = plan(4300, 4000); // 83 %: only 3 points over 80 %, less than the 8-point minimum gain
        assertTrue(plan.decisions().isEmpty(), plan.decisions().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("no safe move")), plan.notes().toString());
    }

    @Test
    void aHostWellAboveItsThresholdIsRelieved() {
        PlanResult plan = plan(5000, 4000); // 90 %: 10 points over
        assertEquals(1, plan.decisions().size(), plan.notes().toString());
        assertEquals("h2", plan.decisions().get(0).migration().targetHostId());
    }
}
