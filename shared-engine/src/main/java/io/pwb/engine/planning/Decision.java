package io.pwb.engine.planning;

import io.pwb.engine.model.Migration;
import io.pwb.engine.model.Resources;
import java.time.Instant;

/**
 * A planned move with its reasons.
 *
 * @param id          unique id
 * @param clusterId   cluster
 * @param time        planning time (snapshot time)
 * @param kind        why
 * @param priority    how urgent
 * @param migration   VM, source, target
 * @param reserve     capacity to hold on the target (the VM's peak upper forecast per resource)
 * @param explanation numbers behind it
 * @param advisory    true when nothing was reserved and nothing should be acted on
 * @param shadowId    the shadow holding capacity on the target; null when advisory or not reserved
 */
public record Decision(String id, String clusterId, Instant time, DecisionKind kind, Priority priority,
                       Migration migration, Resources reserve, Explanation explanation, boolean advisory,
                       String shadowId) {

    public Decision withShadow(String newShadowId) {
        return new Decision(id, clusterId, time, kind, priority, migration, reserve, explanation, advisory,
                newShadowId);
    }
}
