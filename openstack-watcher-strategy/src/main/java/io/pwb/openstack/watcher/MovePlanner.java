package io.pwb.openstack.watcher;

import java.util.Set;

/**
 * Chooses moves on a predicted cluster load. The seam to the engine's planner: an adapter implementing this
 * interface over {@code io.pwb.engine.planning} replaces {@link ThresholdReliefPlanner} without touching the
 * Watcher edge.
 */
interface MovePlanner {

    /**
     * @param load     predicted load; the planner applies its moves to it
     * @param frozen   instance uuids that must not move (pending shadow, cool-down)
     * @param rules    hard affinity rules every move must respect
     */
    PlanOutcome plan(ClusterLoad load, AuditParameters parameters, Set<String> frozen, AffinityRules rules);
}
