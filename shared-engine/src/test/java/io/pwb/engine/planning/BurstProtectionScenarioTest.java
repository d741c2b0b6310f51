package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static io.pwb.engine.Clusters.burstyVm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Vm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Balance mode keeps room for one VM's burst: a host forecast well under its threshold whose idle VM ran near its
 * full size lately gives up a VM, while forecasts alone would leave it as it is.
 */
class BurstProtectionScenarioTest {

    private static PlanResult plan(PlanningMode mode, List<String> hosts, Vm... vms) {
        ClusterSnapshot s = ClusterSnapshot.of("c1", T0, hosts.stream().map(h -> host(h)).toList(), List.of(vms))
                .withSettings(PlanningSettings.DEFAULT.withMode(mode));
        return new Planner().plan(s, List.of(), CoolDowns.NONE);
    }

    private static List<Decision> protective(PlanResult plan) {
        return plan.decisions().stream().filter(d -> d.kind() == DecisionKind.PROTECT_FROM_BURST).toList();
    }

    @Test
    void aHostThatCouldNotAbsorbABurstGivesUpTheVmThatLeavesBothHostsSafest() {
        // h1: 50 % forecast, but a's jump back to 9,000 MHz would take it to 120 %. Moving b leaves h1 at 90 % and
        // h2 at 40 %; moving a would leave h2 at 100 %: b goes.
        PlanResult plan = plan(PlanningMode.BALANCE, List.of("h1", "h2"), burstyVm("a", "h1", 2000, 9000),
                flatVm("b", "h1", 3000), flatVm("c", "h2", 1000));
        assertEquals(1, plan.decisions().size(), plan.decisions() + " " + plan.notes());
        Decision d = plan.decisions().get(0);
        assertEquals(DecisionKind.PROTECT_FROM_BURST, d.kind());
        assertEquals("b", d.migration().vmId());
        assertEquals("h2", d.migration().targetHostId());
        assertTrue(d.explanation().summary().contains("largest recent jump of one VM (a, 7000 MHz) is 120.0 %"),
                d.explanation().summary());
    }

    @Test
    void aHostThatCanAbsorbItsLargestBurstKeepsItsVms() {
        PlanResult plan = plan(PlanningMode.BALANCE, List.of("h1", "h2"), burstyVm("a", "h1", 2000, 6000),
                flatVm("b", "h1", 3000), flatVm("c", "h2", 1000)); // 50 % + 4,000 MHz = 90 %
        assertTrue(plan.decisions().isEmpty(), plan.decisions().toString());
    }

    @Test
    void noMoveWhenEveryTargetWouldBeExposedItself() {
        // h2 holds a burster of its own: whatever moves there would leave h2 over capacity at a burst.
        PlanResult plan = plan(PlanningMode.BALANCE, List.of("h1", "h2"), burstyVm("a", "h1", 2000, 9000),
                flatVm("b", "h1", 3000), burstyVm("c", "h2", 1000, 9000), flatVm("e", "h2", 1000));
        assertTrue(protective(plan).isEmpty(), plan.decisions().toString());
    }

    @Test
    void atMostOneProtectiveMovePerCycle() {
        PlanResult plan = plan(PlanningMode.BALANCE, List.of("h1", "h2", "h3", "h4"),
                burstyVm("a", "h1", 2000, 9000), flatVm("b", "h1", 3000),
                burstyVm("c", "h2", 2000, 9000), flatVm("e", "h2", 3000), flatVm("f", "h3", 500), flatVm("g", "h4", 500));
        assertEquals(1, protective(plan).size(), plan.decisions().toString());
    }

    @Test
    void advisoryModeRecommendsTheSameMoveAndCostModeDoesNotProtect() {
        Vm[] vms = {burstyVm("a", "h1", 2000, 9000), flatVm("b", "h1", 3000), flatVm("c", "h2", 1000)};
        PlanResult advisory = plan(PlanningMode.ADVISORY, List.of("h1", "h2"), vms);
        assertEquals(1, protective(advisory).size(), advisory.decisions().toString());
        assertTrue(protective(advisory).get(0).advisory());
        assertTrue(protective(plan(PlanningMode.COST, List.of("h1", "h2"), vms)).isEmpty());
    }
}
