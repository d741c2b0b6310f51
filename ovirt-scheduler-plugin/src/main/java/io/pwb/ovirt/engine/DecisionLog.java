package io.pwb.ovirt.engine;

import io.pwb.engine.planning.PlanResult;

/**
 * Where the balance unit's decisions go (the service's decision store), advisory ones included, so that a cluster
 * the oVirt engine balances shows what PWB asked for, or would have asked for, like a cluster PWB plans itself.
 */
@FunctionalInterface
public interface DecisionLog {

    /** Records nothing (the unit still logs each decision). */
    DecisionLog NONE = result -> {
    };

    /** Called with the one decision of a balancing call that made one; a failure is logged, not answered. */
    void record(PlanResult result);
}
