package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.FIVE_POINT_GAIN;
import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static io.pwb.engine.Clusters.stepCpu;
import static io.pwb.engine.Clusters.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.CostModel;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.Vm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1 "batch at 08:40": host h1 runs at 60 % now, but vm-batch's forecast says its nightly job starts in
 * 40 minutes and takes h1 to 87 %. Three candidate targets: h2 (0.30/kWh), h3 (0.10/kWh, the cheapest that fits:
 * 15 % now, 72 % with vm-batch, under the 80 % threshold less the minimum gain, pinned at 5 points here)
 * and h4 (0.05/kWh but too full).
 */
class PreEmptiveMoveScenarioTest {

    static ClusterSnapshot batchAt0840() {
        Vm batch = vm("vm-batch", "h1", stepCpu(3000, 8, 5700)).withCurrentUsage(Resources.of(3000, 4L << 30));
        List<Vm> vms = List.of(batch, flatVm("vm-steady", "h1", 3000), flatVm("vm-2", "h2", 1500),
                flatVm("vm-3", "h3", 1500), flatVm("vm-4", "h4", 6000));
        CostModel prices = CostModel.DEFAULT.withPricePerKwhByHost(Map.of("h1", 0.2, "h2", 0.30, "h3", 0.10,
                "h4", 0.05));
        return ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2"), host("h3"), host("h4")), vms)
                .withCostModel(prices).withSettings(FIVE_POINT_GAIN);
    }

    @Test
    void movesNowWhatWillOverloadInFortyMinutesToTheCheapestHostThatFits() {
        PlanResult plan = new Planner().plan(batchAt0840(), List.of(), CoolDowns.NONE);

        assertEquals(1, plan.decisions().size(), () -> "decisions " + plan.decisions() + " notes " + plan.notes());
        Decision d = plan.decisions().get(0);
        assertEquals("vm-batch", d.migration().vmId(), "the VM whose growth causes the overload moves");
        assertEquals("h1", d.migration().sourceHostId());
        assertEquals("h3", d.migration().targetHostId(), "cheapest electricity among hosts that fit");
        assertEquals(DecisionKind.RELIEVE_OVERLOAD, d.kind());
        Explanation e = d.explanation();
        assertEquals(0.87, e.sourcePeakBefore(), 1e-9);
        assertEquals(0.30, e.sourcePeakAfter(), 1e-9);
        assertEquals(0.15, e.targetPeakBefore(), 1e-9);
        assertEquals(0.72, e.targetPeakAfter(), 1e-9);
        assertTrue(e.targetPeakAfter() <= 0.75, "the target stays under its threshold less the minimum gain");
        assertTrue(e.forecast().contains("holt-winters"), e.forecast());
        assertEquals(List.of("energy-cost", "licence-cost", "dependency-disruption", "headroom", "migration-cost"),
                e.criteria().stream().map(CriterionExplanation::criterion).toList());
        assertEquals(5700, d.reserve().cpuMhz(), 1e-9, "the shadow holds the VM's peak upper forecast");
    }

    @Test
    void reactiveThresholdOnTheSameDataPlansNothingYet() {
        PlanResult reactive = new ReactiveThresholdPolicy().plan(batchAt0840(), List.of(), CoolDowns.NONE);
        assertTrue(reactive.decisions().isEmpty(), () -> "reactive planned " + reactive.decisions());
    }

    @Test
    void reactivePolicyActsOnceTheLoadHasArrived() {
        ClusterSnapshot later = batchAt0840();
        List<Vm> vms = later.vms().stream().map(v -> v.id().equals("vm-batch")
                ? v.withCurrentUsage(Resources.of(5700, 4L << 30)) : v).toList();
        PlanResult reactive = new ReactiveThresholdPolicy().plan(later.withVms(vms), List.of(), CoolDowns.NONE);
        assertEquals(1, reactive.decisions().size(), () -> "notes " + reactive.notes());
        assertTrue(reactive.decisions().get(0).advisory());
    }
}
