package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.Dependency;
import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.model.DependencyKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2 "web shop": vm-web and vm-db exchange a lot of traffic. Each case is run with and without the
 * dependency, to show that the dependency, not an accident of ordering, decides.
 */
class ChattyVmsScenarioTest {

    private static final DependencyGraph WEB_TALKS_TO_DB = new DependencyGraph(
            List.of(new Dependency("vm-web", "vm-db", 10, DependencyKind.TRAFFIC)), List.of());

    /** h1 is overloaded by vm-web and a pinned VM; vm-db runs on h2; h3 is equally loaded and listed first. */
    static ClusterSnapshot webMovesToItsDatabase(DependencyGraph deps) {
        return ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h3"), host("h2")), List.of(
                flatVm("vm-web", "h1", 4500), flatVm("vm-pinned", "h1", 4500).withMigratable(false),
                flatVm("vm-db", "h2", 2000), flatVm("vm-other", "h3", 2000))).withDependencies(deps);
    }

    @Test
    void aMovingVmJoinsTheVmItTalksTo() {
        Decision withDeps = only(new Planner().plan(webMovesToItsDatabase(WEB_TALKS_TO_DB), List.of(),
                CoolDowns.NONE));
        assertEquals("vm-web", withDeps.migration().vmId());
        assertEquals("h2", withDeps.migration().targetHostId(), "joins vm-db");
        CriterionExplanation disruption = withDeps.explanation().criteria().stream()
                .filter(c -> c.criterion().equals("dependency-disruption")).findFirst().orElseThrow();
        assertEquals(0.0, disruption.raw());

        Decision without = only(new Planner().plan(webMovesToItsDatabase(DependencyGraph.EMPTY), List.of(),
                CoolDowns.NONE));
        assertEquals("h3", without.migration().targetHostId(), "without the dependency the first equal host wins");
    }

    /** h1 is overloaded by vm-db, vm-web and vm-worker, all the same size; moving vm-worker keeps the pair together. */
    static ClusterSnapshot pairStaysTogether(DependencyGraph deps) {
        return ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2")), List.of(
                flatVm("vm-db", "h1", 3000), flatVm("vm-web", "h1", 3000), flatVm("vm-worker", "h1", 3000)))
                .withDependencies(deps);
    }

    @Test
    void theUnattachedVmMovesRatherThanSplittingThePair() {
        Decision withDeps = only(new Planner().plan(pairStaysTogether(WEB_TALKS_TO_DB), List.of(), CoolDowns.NONE));
        assertEquals("vm-worker", withDeps.migration().vmId());

        Decision without = only(new Planner().plan(pairStaysTogether(DependencyGraph.EMPTY), List.of(),
                CoolDowns.NONE));
        assertEquals("vm-db", without.migration().vmId(), "without the dependency ties go by VM id");
    }

    private static Decision only(PlanResult plan) {
        assertEquals(1, plan.decisions().size(), () -> plan.decisions() + " notes " + plan.notes());
        return plan.decisions().get(0);
    }
}
