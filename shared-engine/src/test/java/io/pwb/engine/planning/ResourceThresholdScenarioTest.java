package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Vm;
import io.pwb.engine.placement.HostFilter;
import io.pwb.engine.placement.PlacementContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Request-level settings a platform adapter needs (Watcher audits): a threshold per resource, a minimum gain
 * of 0, and the platform's own hard constraints as extra filters.
 */
class ResourceThresholdScenarioTest {

    private static final PlanningSettings CPU_AT_30 = PlanningSettings.DEFAULT.withThreshold(0.30);

    /** h1: CPU 40 %, memory 12.5 %. h2: CPU low, memory full of small VMs (4 GiB each of 64 GiB). */
    private static ClusterSnapshot cluster(int vmsOnH2, PlanningSettings settings, String... moreHosts) {
        List<Vm> vms = new ArrayList<>(List.of(flatVm("a", "h1", 2000), flatVm("b", "h1", 2000)));
        for (int i = 0; i < vmsOnH2; i++) {
            vms.add(flatVm("m" + i, "h2", 10));
        }
        List<io.pwb.engine.model.Host> hosts = new ArrayList<>(List.of(host("h1"), host("h2")));
        for (String id : moreHosts) {
            hosts.add(host(id));
        }
        return ClusterSnapshot.of("c1", T0, hosts, vms).withSettings(settings);
    }

    @Test
    void byDefaultTheThresholdAppliesToMemoryToo() {
        // h2's memory at 50 % is over the 30 % threshold: it can take nothing.
        PlanResult plan = new Planner().plan(cluster(8, CPU_AT_30), List.of(), CoolDowns.NONE);
        assertTrue(plan.decisions().isEmpty(), plan.decisions().toString());
    }

    @Test
    void aResourceWithItsOwnThresholdOfOneIsOnlyAHardFitLimit() {
        PlanningSettings memoryFits = CPU_AT_30.withResourceThreshold(Resource.MEMORY_BYTES, 1.0);
        assertEquals(1.0, memoryFits.thresholdFor(Resource.MEMORY_BYTES));
        assertEquals(0.30, memoryFits.thresholdFor(Resource.CPU_MHZ));

        PlanResult plan = new Planner().plan(cluster(8, memoryFits), List.of(), CoolDowns.NONE);
        assertEquals(1, plan.decisions().size(), plan.notes().toString());
        assertEquals("h2", plan.decisions().get(0).migration().targetHostId());

        // 60 GiB on h2: a 4 GiB VM fills it exactly (fits); 64 GiB: it does not.
        assertEquals(1, new Planner().plan(cluster(15, memoryFits), List.of(), CoolDowns.NONE).decisions().size());
        PlanResult full = new Planner().plan(cluster(16, memoryFits), List.of(), CoolDowns.NONE);
        assertTrue(full.decisions().isEmpty(), full.decisions().toString());
    }

    @Test
    void aResourceOverItsOwnThresholdOverloadsTheHost() {
        // Memory limited to 40 %: h2 at 50 % memory is overloaded and sheds two 4 GiB VMs to h1 (50 -> 43.75 ->
        // 37.5 %), although h1's CPU (40 %) is under the general threshold of 45 %.
        PlanningSettings memoryAt40 = PlanningSettings.DEFAULT.withThreshold(0.45)
                .withResourceThreshold(Resource.MEMORY_BYTES, 0.40).withMinGain(0);
        PlanResult plan = new Planner().plan(cluster(8, memoryAt40), List.of(), CoolDowns.NONE);
        assertEquals(2, plan.decisions().size(), plan.notes().toString());
        for (Decision d : plan.decisions()) {
            assertEquals("h2", d.migration().sourceHostId());
            assertEquals("h1", d.migration().targetHostId());
        }
    }

    @Test
    void thresholdsOutsideZeroToOneAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> PlanningSettings.DEFAULT.withResourceThreshold(Resource.MEMORY_BYTES, 1.5));
        assertThrows(IllegalArgumentException.class,
                () -> PlanningSettings.DEFAULT.withResourceThreshold(Resource.CPU_MHZ, 0));
    }

    @Test
    void aMinimumGainOfZeroRelievesAHostJustOverItsThresholdButNeverMovesAnIdleVm() {
        ClusterSnapshot s = ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2")),
                List.of(flatVm("a", "h1", 4300), flatVm("b", "h1", 4000), flatVm("c", "h2", 1000)));
        assertTrue(new Planner().plan(s, List.of(), CoolDowns.NONE).decisions().isEmpty(), "default: 5 points");
        PlanResult plan = new Planner().plan(s.withSettings(PlanningSettings.DEFAULT.withMinGain(0)), List.of(),
                CoolDowns.NONE);
        assertEquals(1, plan.decisions().size(), plan.notes().toString());

        ClusterSnapshot idle = ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2")),
                List.of(flatVm("big", "h1", 8300), flatVm("idle", "h1", 0), flatVm("c", "h2", 1000)))
                .withSettings(PlanningSettings.DEFAULT.withMinGain(0));
        PlanResult none = new Planner().plan(idle, List.of(), CoolDowns.NONE);
        assertTrue(none.decisions().isEmpty(), none.decisions().toString());
    }

    @Test
    void aPlatformFilterConstrainsEveryTarget() {
        PlanningSettings memoryFits = CPU_AT_30.withResourceThreshold(Resource.MEMORY_BYTES, 1.0);
        HostFilter notH2 = new HostFilter() {
            @Override
            public String name() {
                return "platform";
            }

            @Override
            public String reject(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
                return ctx.projection().host(host).id().equals("h2") ? "the platform says no" : null;
            }
        };
        PlanResult onlyH2 = new Planner(List.of(notH2)).plan(cluster(8, memoryFits), List.of(), CoolDowns.NONE);
        assertTrue(onlyH2.decisions().isEmpty(), onlyH2.decisions().toString());
        PlanResult withH3 = new Planner(List.of(notH2)).plan(cluster(8, memoryFits, "h3"), List.of(),
                CoolDowns.NONE);
        assertEquals(1, withH3.decisions().size(), withH3.notes().toString());
        assertEquals("h3", withH3.decisions().get(0).migration().targetHostId());
    }
}
