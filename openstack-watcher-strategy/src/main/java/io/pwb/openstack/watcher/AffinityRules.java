package io.pwb.openstack.watcher;

import io.pwb.engine.model.AffinityRule;
import io.pwb.engine.model.DependencyGraph;

import java.util.Set;

/**
 * Hard placement rules an audit's moves must respect (Nova would refuse them otherwise): anti-affinity groups
 * keep their members on different hosts; members of an enforcing affinity group stay with the group.
 */
public interface AffinityRules {

    /**
     * @param instanceUuid       the instance to move
     * @param destinationMembers every instance on the destination now
     */
    boolean allows(String instanceUuid, Set<String> destinationMembers);

    static AffinityRules none() {
        return (instanceUuid, destinationMembers) -> true;
    }

    /** The hard rules of a dependency map (Nova server groups read by the OpenStack collector). */
    static AffinityRules of(DependencyGraph graph) {
        return (instanceUuid, destinationMembers) -> {
            for (AffinityRule rule : graph.hardRules(instanceUuid)) {
                for (String member : rule.vmIds()) {
                    if (member.equals(instanceUuid)) {
                        continue;
                    }
                    boolean there = destinationMembers.contains(member);
                    if (!rule.positive() && there) {
                        return false; // would share a host with an anti-affine member
                    }
                    if (rule.positive() && !there) {
                        return false; // would leave its affinity group behind
                    }
                }
            }
            return true;
        };
    }
}
