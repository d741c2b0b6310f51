package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.GIB;
import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static io.pwb.engine.Clusters.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.forecast.ForecastAccuracy;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.MaintenanceWindow;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.OvercommitRatios;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import io.pwb.engine.placement.FilterResult;
import io.pwb.engine.placement.Placement;
import io.pwb.engine.placement.PlacementContext;
import io.pwb.engine.placement.RankResult;
import io.pwb.engine.shadow.LedgerResult;
import io.pwb.engine.shadow.ShadowLedger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scenario 6: bad input gives a clear error or no decision, never an exception that escapes. */
class BadInputScenarioTest {

    private final Planner planner = new Planner();

    /** h1 would be overloaded (90 %) by vm-hot plus a pinned VM; h2 is empty. */
    private static ClusterSnapshot overloadedBy(Vm hot) {
        return ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2")),
                List.of(hot, flatVm("vm-pinned", "h1", 4500).withMigratable(false)));
    }

    private static Forecast forecast(double[] point, double[] upper, boolean training, int stepSeconds) {
        return new Forecast("ses", stepSeconds, point, upper, 0.95, training, ForecastAccuracy.UNKNOWN);
    }

    private static double[] flat(double v, int n) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void sanityTheHealthyVersionMoves() {
        assertEquals(1, planner.plan(overloadedBy(flatVm("vm-hot", "h1", 4500)), List.of(), null)
                .decisions().size());
    }

    @Test
    void nanMissingShortTrainingOrMisalignedForecastsNeverMove() {
        double[] nan = flat(4500, 12);
        nan[7] = Double.NaN;
        Map<String, Vm> bad = Map.of(
                "NaN", vm("vm-hot", "h1", forecast(nan, nan, false, 300)),
                "missing", vm("vm-hot", "h1", null),
                "short", vm("vm-hot", "h1", forecast(flat(4500, 3), flat(4500, 3), false, 300)),
                "training", vm("vm-hot", "h1", forecast(flat(4500, 12), flat(4500, 12), true, 300)),
                "other step", vm("vm-hot", "h1", forecast(flat(4500, 12), flat(4500, 12), false, 60)),
                "negative", vm("vm-hot", "h1", forecast(flat(-1, 12), flat(-1, 12), false, 300)),
                "poor accuracy", vm("vm-hot", "h1", new Forecast("ses", 300, flat(4500, 12), flat(4500, 12), 0.95,
                        false, new ForecastAccuracy(288, 900, 1200, 0.31))));
        bad.forEach((what, vm) -> {
            PlanResult plan = planner.plan(overloadedBy(vm), List.of(), null);
            assertTrue(plan.decisions().isEmpty(), what + ": " + plan.decisions());
            assertTrue(plan.notes().stream().anyMatch(n -> n.contains("no safe move")), what + ": " + plan.notes());
        });
    }

    @Test
    void missingForecastsCountAtConfiguredSizeSoTargetsStaySafe() {
        // vm-unknown has no forecast: it counts at its full 10,000 MHz on h2, so h2 is no target for vm-hot.
        ClusterSnapshot s = ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2")), List.of(
                flatVm("vm-hot", "h1", 4500), flatVm("vm-pinned", "h1", 4500).withMigratable(false),
                vm("vm-unknown", "h2", null)));
        assertTrue(planner.plan(s, List.of(), null).decisions().isEmpty());
    }

    @Test
    void unknownIdsGiveClearErrorsNotExceptions() {
        ClusterSnapshot s = overloadedBy(flatVm("vm-hot", "h1", 4500));
        PlacementContext ctx = PlacementContext.of(s, List.of(), CoolDowns.NONE);
        Placement placement = Placement.standard(s.settings());
        FilterResult unknownVm = placement.filter(ctx, "vm-ghost", List.of("h1", "h2"));
        assertFalse(unknownVm.ok());
        assertEquals(List.of("unknown VM vm-ghost in cluster c1"), unknownVm.errors());
        RankResult unknownHost = placement.rank(ctx, "vm-hot", List.of("h-ghost", "h2"));
        assertEquals("unknown host h-ghost in cluster c1", unknownHost.rejected().get("h-ghost"));
        assertEquals("h2", unknownHost.best().orElseThrow().host().id());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterSnapshot.of("c1",
                T0, List.of(host("h1")), List.of(flatVm("vm-1", "h-ghost", 100))));
        assertEquals("VM vm-1 runs on host h-ghost, which is not in cluster c1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClusterSnapshot.of("c1", T0,
                List.of(host("h1"), host("h1")), List.of()));
        assertEquals("duplicate host id h1 in cluster c1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.withMaintenanceWindows(List.of(
                new MaintenanceWindow("h-ghost", T0, T0.plusSeconds(60)))));
        assertTrue(e.getMessage().contains("h-ghost"));

        ShadowLedger ledger = new ShadowLedger(null, null);
        assertTrue(ledger.migrationStarted("c1", "vm-ghost", T0) instanceof LedgerResult.Rejected);
        assertTrue(ledger.targetObserved("c1", "vm-ghost", Double.NaN, T0) instanceof LedgerResult.Rejected);
        assertTrue(ledger.vmObserved("c1", "vm-ghost", "h1", T0) instanceof LedgerResult.Unchanged);
    }

    @Test
    void zeroCapacityHostIsNeitherSourceNorTarget() {
        Host broken = new Host("h0", "h0", "c1", Resources.of(0, 64 * GIB), OvercommitRatios.NONE, HostState.UP,
                null, null, Set.of());
        ClusterSnapshot s = ClusterSnapshot.of("c1", T0, List.of(host("h1"), broken), List.of(
                flatVm("vm-hot", "h1", 4500), flatVm("vm-pinned", "h1", 4500).withMigratable(false),
                flatVm("vm-z", "h0", 100)));
        PlanResult plan = planner.plan(s, List.of(), null);
        assertTrue(plan.decisions().isEmpty(), plan.decisions().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("h0 reports zero")), plan.notes().toString());
        FilterResult r = Placement.standard(s.settings()).filter(PlacementContext.of(s, List.of(), null), "vm-hot",
                null);
        assertEquals("host-state: host reports zero CPU or memory capacity", r.rejected().get("h0"));
    }

    @Test
    void emptyClusterAndNullSnapshotPlanNothing() {
        PlanResult empty = planner.plan(ClusterSnapshot.of("c-empty", T0, List.of(), List.of()), List.of(), null);
        assertTrue(empty.decisions().isEmpty());
        assertEquals(List.of("cluster c-empty has no hosts: nothing to plan"), empty.notes());
        assertTrue(planner.plan(null, List.of(), null).decisions().isEmpty());
        assertTrue(planner.plan(null, new ShadowLedger(null, null)).decisions().isEmpty());
        PlanResult noVms = planner.plan(ClusterSnapshot.of("c1", T0, List.of(host("h1")), List.of()), List.of(),
                null);
        assertTrue(noVms.decisions().isEmpty());
    }

    @Test
    void vmLargerThanAnyHostIsNotPlacedAnywhere() {
        Vm giant = Vm.of("vm-giant", "h1", new VmSize(64, 64_000, 512 * GIB),
                Map.of(Metric.CPU_MHZ, io.pwb.engine.Clusters.flatCpu(30_000)));
        ClusterSnapshot s = ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2"), host("h3")),
                List.of(giant));
        PlanResult plan = planner.plan(s, List.of(), null);
        assertTrue(plan.decisions().isEmpty());
        RankResult r = Placement.standard(s.settings()).rank(PlacementContext.of(s, List.of(), null), "vm-giant",
                null);
        assertTrue(r.ranked().isEmpty());
        assertTrue(r.rejected().get("h2").startsWith("fits: does not fit: cpu_mhz at step 1"), r.rejected()
                .toString());
    }

    @Test
    void modelRecordsRejectNonsenseWithMessages() {
        assertThrows(IllegalArgumentException.class, () -> Resources.of(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new VmSize(0, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceWindow("h1", T0, T0));
        assertThrows(IllegalArgumentException.class, () -> Host.up(" ", "c1", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new io.pwb.engine.model.Migration("vm", "h1", "h1"));
    }
}
