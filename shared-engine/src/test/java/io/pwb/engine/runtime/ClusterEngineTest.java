package io.pwb.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.Migration;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import io.pwb.engine.planning.Decision;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.series.SampleOutcome;
import io.pwb.engine.shadow.ReservationRequest;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterEngineTest {
    private static final long GB = 1L << 30;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ShadowLedger ledger = new ShadowLedger(null, null);
    private final ClusterEngine engine = new ClusterEngine("c1", PlanningSettings.DEFAULT, ledger);

    private Vm vm(String id, String host) {
        return new Vm(id, id, host, new VmSize(4, 8000, 4 * GB), null, true, Map.of(), null);
    }

    /** Feeds {@code steps} five-minute samples; v2 grows by 40 MHz a step. Returns the time of the last one. */
    private Instant feed(int steps) {
        Instant t = T0;
        for (int i = 0; i < steps; i++) {
            t = T0.plusSeconds(300L * i);
            long s = t.getEpochSecond();
            engine.offer(EntityKind.VM, "v1", Metric.CPU_MHZ, s, 3000);
            engine.offer(EntityKind.VM, "v2", Metric.CPU_MHZ, s, 1000 + 40.0 * Math.max(0, i - 200));
            engine.offer(EntityKind.VM, "v3", Metric.CPU_MHZ, s, 1000);
        }
        return t;
    }

    @Test
    void predictedOverloadLeadsToAShadowThatCommitsWhenThePlatformMovesTheVm() {
        engine.replaceInventory(List.of(Host.up("h1", "c1", 10_000, 64 * GB), Host.up("h2", "c1", 10_000, 64 * GB)),
                List.of(vm("v1", "h1"), vm("v2", "h1"), vm("v3", "h2")), T0);
        // v2 climbs towards 1000 + 40 x 100 = 5000 MHz: h1 heads past 80 % of 10,000 MHz within the hour.
        Instant now = feed(300);
        PlanResult plan = engine.planCycle(now);
        assertEquals(1, plan.decisions().size(), plan.notes().toString());
        Decision d = plan.decisions().get(0);
        assertEquals("h1", d.migration().sourceHostId());
        assertEquals("h2", d.migration().targetHostId());
        Shadow s = ledger.find(d.shadowId()).orElseThrow();
        assertEquals(ShadowState.RESERVED, s.state());

        // The platform moves the VM; the next inventory shows it on the target.
        Instant moved = now.plusSeconds(120);
        engine.upsertVm(vm(d.migration().vmId(), "h2"), moved);
        assertEquals(ShadowState.VERIFYING, ledger.find(d.shadowId()).orElseThrow().state());

        // Observed load on the target stays as predicted through the verification window.
        Instant t = moved;
        for (int i = 1; i <= 4; i++) {
            t = moved.plusSeconds(300L * i);
            engine.offer(EntityKind.VM, "v3", Metric.CPU_MHZ, t.getEpochSecond(), 1000);
            engine.offer(EntityKind.VM, d.migration().vmId(), Metric.CPU_MHZ, t.getEpochSecond(), 3000);
            engine.verifyShadows(t);
        }
        assertEquals(ShadowState.COMMITTED, ledger.find(d.shadowId()).orElseThrow().state());
    }

    @Test
    void inventoryOfAnotherClusterWithTheSameIdsLeavesTheShadowAlone() {
        EngineRegistry registry = new EngineRegistry(ledger, PlanningSettings.DEFAULT);
        ClusterEngine other = registry.cluster("c2");
        engine.replaceInventory(List.of(Host.up("h1", "c1", 10_000, 64 * GB), Host.up("h2", "c1", 10_000, 64 * GB)),
                List.of(vm("v1", "h1")), T0);
        ledger.reserve(new ReservationRequest("c1", new Migration("v1", "h1", "h2"), Resources.of(3000, 4 * GB),
                0.5, 0.8, null), T0);

        // c2 has its own v1: seen on h3 (would release c1's seat) and on h2 (would start c1's verification).
        other.replaceInventory(List.of(Host.up("h2", "c2", 10_000, 64 * GB), Host.up("h3", "c2", 10_000, 64 * GB)),
                List.of(vm("v1", "h3")), T0.plusSeconds(60));
        other.upsertVm(vm("v1", "h2"), T0.plusSeconds(120));
        assertEquals(ShadowState.RESERVED, ledger.activeFor("c1", "v1").orElseThrow().state());
        assertTrue(ledger.activeFor("c2", "v1").isEmpty());

        engine.upsertVm(vm("v1", "h2"), T0.plusSeconds(180));
        assertEquals(ShadowState.VERIFYING, ledger.activeFor("c1", "v1").orElseThrow().state());
    }

    @Test
    void badSamplesAreRejectedAndUnknownVmsGetNoPlacement() {
        assertEquals(SampleOutcome.REJECTED_NOT_FINITE, engine.offer(EntityKind.VM, "v1", Metric.CPU_MHZ, 0, Double.NaN));
        assertEquals(SampleOutcome.REJECTED_NEGATIVE, engine.offer(EntityKind.VM, "v1", Metric.CPU_MHZ, 0, -1));
        engine.replaceInventory(List.of(Host.up("h1", "c1", 10_000, 64 * GB)), List.of(), T0);
        assertFalse(engine.filter("nope", List.of("h1"), T0).errors().isEmpty());
        assertTrue(engine.planCycle(T0).decisions().isEmpty());
    }
}
