package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static io.pwb.engine.Clusters.stepCpu;
import static io.pwb.engine.Clusters.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.SimulatedPlatform;
import io.pwb.engine.capacity.CapacityProjector;
import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.Vm;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5 "quiet night": h1 and h2 each carry one small VM (10 %), h3 and h4 run at 40 %. In cost mode h1 and
 * h2 can be emptied onto h3/h4 and powered down, but only if the forecasts of h3/h4 leave room.
 */
class CostModeScenarioTest {

    static ClusterSnapshot quietNight(Vm h3Load) {
        return ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2"), host("h3"), host("h4")), List.of(
                flatVm("vm-1", "h1", 1000), flatVm("vm-2", "h2", 1000), h3Load, flatVm("vm-4", "h4", 4000)))
                .withSettings(io.pwb.engine.model.PlanningSettings.DEFAULT.withMode(PlanningMode.COST));
    }

    @Test
    void emptiesLightlyUsedHostsWhenForecastsStayUnderThreshold() {
        ClusterSnapshot s = quietNight(flatVm("vm-3", "h3", 4000));
        PlanResult plan = new Planner().plan(s, List.of(), CoolDowns.NONE);

        assertEquals(2, plan.decisions().size(), () -> plan.decisions() + " " + plan.notes());
        assertTrue(plan.decisions().stream().allMatch(d -> d.kind() == DecisionKind.CONSOLIDATE));
        Set<String> sources = plan.decisions().stream().map(d -> d.migration().sourceHostId())
                .collect(Collectors.toSet());
        assertEquals(Set.of("h1", "h2"), sources);
        ClusterSnapshot after = SimulatedPlatform.carryOut(s, plan, null, T0);
        assertTrue(after.vmsOn("h1").isEmpty() && after.vmsOn("h2").isEmpty(), "both hosts can power down");
        assertNoHostOverThreshold(after);
    }

    @Test
    void keepsHostsOnWhenTheForecastSaysTheTargetsWillFillUp() {
        // vm-3 and vm-4 are forecast to reach 7,500 MHz in 30 minutes: adding 1,000 MHz would pass 80 %.
        ClusterSnapshot s = quietNight(vm("vm-3", "h3", stepCpu(4000, 6, 7500)))
                .withVms(List.of(flatVm("vm-1", "h1", 1000), flatVm("vm-2", "h2", 1000),
                        vm("vm-3", "h3", stepCpu(4000, 6, 7500)), vm("vm-4", "h4", stepCpu(4000, 6, 7500))));
        PlanResult plan = new Planner().plan(s, List.of(), CoolDowns.NONE);
        // h3 and h4 are ruled out; emptying h1 onto h2 is the only safe option: one host still powers down.
        assertEquals(1, plan.decisions().size(), () -> plan.decisions() + " " + plan.notes());
        assertEquals(new io.pwb.engine.model.Migration("vm-1", "h1", "h2"), plan.decisions().get(0).migration());
        ClusterSnapshot after = SimulatedPlatform.carryOut(s, plan, null, T0);
        assertNoHostOverThreshold(after);
    }

    @Test
    void balanceModeDoesNotConsolidate() {
        ClusterSnapshot s = quietNight(flatVm("vm-3", "h3", 4000));
        PlanResult plan = new Planner().plan(s.withSettings(s.settings().withMode(PlanningMode.BALANCE)), List.of(),
                CoolDowns.NONE);
        assertTrue(plan.decisions().isEmpty(), plan.decisions().toString());
    }

    @Test
    void aVmStillInTrainingIsConsolidatedOnlyWhereItsConfiguredSizeFits() {
        // Configured at 10,000 MHz (a whole host): at its configured size it would pass 80 % anywhere, so it stays,
        // however low its forecast.
        ClusterSnapshot s = quietNight(flatVm("vm-3", "h3", 4000));
        List<Vm> vms = s.vms().stream().map(v -> v.id().equals("vm-1") || v.id().equals("vm-2")
                ? v.withForecasts(java.util.Map.of(io.pwb.engine.model.Metric.CPU_MHZ, training(1000))) : v).toList();
        PlanResult big = new Planner().plan(s.withVms(vms), List.of(), CoolDowns.NONE);
        assertTrue(big.decisions().isEmpty(), big.decisions().toString());
        assertTrue(big.notes().stream().anyMatch(n -> n.contains("no safe host for vm-1")), big.notes().toString());

        // Configured at 2,000 MHz: h3 and h4 (4,000 MHz each) stay under 80 % with all of it, so both small hosts
        // are emptied, and each move reserves the configured size rather than the (untrusted) forecast.
        List<Vm> small = s.vms().stream().map(v -> v.id().equals("vm-1") || v.id().equals("vm-2")
                ? Vm.of(v.id(), v.hostId(), new io.pwb.engine.model.VmSize(1, 2000, 4 * io.pwb.engine.Clusters.GIB),
                java.util.Map.of(io.pwb.engine.model.Metric.CPU_MHZ, training(1000))) : v).toList();
        PlanResult plan = new Planner().plan(s.withVms(small), List.of(), CoolDowns.NONE);
        assertEquals(2, plan.decisions().size(), () -> plan.decisions() + " " + plan.notes());
        for (Decision d : plan.decisions()) {
            assertEquals(DecisionKind.CONSOLIDATE, d.kind());
            assertEquals(2000, d.reserve().cpuMhz(), 1e-9);
            assertTrue(d.explanation().forecast().startsWith("configured size"), d.explanation().forecast());
        }
        ClusterSnapshot after = SimulatedPlatform.carryOut(s.withVms(small), plan, null, T0);
        assertTrue(after.vmsOn("h1").isEmpty() && after.vmsOn("h2").isEmpty(), "both hosts can power down");
    }

    private static io.pwb.engine.forecast.Forecast training(double mhz) {
        double[] v = new double[12];
        java.util.Arrays.fill(v, mhz);
        return new io.pwb.engine.forecast.Forecast("persistence", 300, v, v, 0.95, true,
                io.pwb.engine.forecast.ForecastAccuracy.UNKNOWN);
    }

    private static void assertNoHostOverThreshold(ClusterSnapshot s) {
        ClusterProjection p = CapacityProjector.project(s, List.of());
        for (int h = 0; h < p.hostCount(); h++) {
            assertTrue(p.peakUtilisation(h) <= s.settings().thresholdUtilisation() + 1e-9,
                    p.host(h).id() + " at " + p.peakUtilisation(h));
        }
    }
}
