package io.pwb.engine.placement;

import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.model.AffinityRule;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CostModel;
import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.model.Resources;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static ClusterSnapshot fourHosts() {
        return ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2"), host("h3"),
                host("h4").withState(HostState.MAINTENANCE)), List.of(
                flatVm("vm-new", null, 2000), flatVm("vm-a", "h1", 1000), flatVm("vm-b", "h2", 1000),
                flatVm("vm-c", "h3", 1000)));
    }

    @Test
    void antiAffinityAndEnforcingAffinityAreHardWithReasons() {
        ClusterSnapshot s = fourHosts().withDependencies(new DependencyGraph(List.of(), List.of(
                AffinityRule.antiAffinity("spread-db", Set.of("vm-new", "vm-a")),
                AffinityRule.enforcingAffinity("pair", Set.of("vm-new", "vm-b")))));
        FilterResult r = Placement.standard(s.settings()).filter(PlacementContext.of(s, List.of(), null), "vm-new",
                null);
        assertEquals(List.of("h2"), r.passedHostIds());
        assertEquals("affinity: anti-affinity rule spread-db: vm-a is on this host", r.rejected().get("h1"));
        assertEquals("affinity: affinity rule pair: vm-b runs on another host", r.rejected().get("h3"));
        assertEquals("host-state: host is MAINTENANCE", r.rejected().get("h4"));
    }

    @Test
    void antiAffinityCountsVmsThatAreReservedToArrive() {
        ClusterSnapshot s = fourHosts().withDependencies(new DependencyGraph(List.of(), List.of(
                AffinityRule.antiAffinity("spread", Set.of("vm-new", "vm-c")))));
        Reservation cToH2 = new Reservation("vm-c", "h3", "h2", Resources.of(1000, 1L << 30));
        FilterResult r = Placement.standard(s.settings()).filter(PlacementContext.of(s, List.of(cToH2), null),
                "vm-new", List.of("h2", "h3"));
        assertTrue(r.rejected().get("h2").contains("vm-c"), r.rejected().toString());
        assertTrue(r.rejected().get("h3").contains("vm-c"), "conservative: still on its source too");
    }

    @Test
    void licenceCostSteersToAHostThatAlreadyCarriesTheClass() {
        ClusterSnapshot s = fourHosts();
        s = s.withVms(s.vms().stream().map(v -> v.id().equals("vm-new") ? v.withLicenceClass("win-dc")
                : v.id().equals("vm-c") ? v.withLicenceClass("win-dc") : v).toList())
                .withCostModel(CostModel.DEFAULT.withLicenceCosts(Map.of("win-dc", 2.5)));
        RankResult r = Placement.standard(s.settings()).rank(PlacementContext.of(s, List.of(), null), "vm-new",
                null);
        RankedHost best = r.best().orElseThrow();
        assertEquals("h3", best.host().id());
        CriterionScore licenceOnH1 = r.ranked().stream().filter(x -> x.host().id().equals("h1")).findFirst()
                .orElseThrow().scores().get(1);
        assertEquals("licence-cost", licenceOnH1.name());
        assertEquals(2.5, licenceOnH1.raw());
        assertEquals(1.0, licenceOnH1.normalised());
        assertEquals("licence: +2.50 per hour (score 1.00 x weight 1.0)", licenceOnH1.explanation());
    }

    @Test
    void equalHostsScoreZeroOnEveryCriterionExceptWhereTheyDiffer() {
        ClusterSnapshot s = fourHosts();
        RankResult r = Placement.standard(s.settings()).rank(PlacementContext.of(s, List.of(), null), "vm-new",
                List.of("h1", "h2", "h3"));
        assertEquals(3, r.ranked().size());
        for (RankedHost h : r.ranked()) {
            assertEquals(r.ranked().get(0).total(), h.total(), 1e-12, "identical hosts tie");
        }
        assertEquals(List.of("h1", "h2", "h3"), r.ranked().stream().map(h -> h.host().id()).toList(),
                "ties keep candidate order");
    }
}
