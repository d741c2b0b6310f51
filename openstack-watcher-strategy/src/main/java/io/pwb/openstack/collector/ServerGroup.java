package io.pwb.openstack.collector;

import java.util.List;

/**
 * A Nova server group: the dependency map's edges. Affinity members should stay together, anti-affinity
 * members apart.
 */
public record ServerGroup(String id, String name, String policy, List<String> memberUuids) {

    public ServerGroup {
        memberUuids = memberUuids == null ? List.of() : List.copyOf(memberUuids);
    }

    public boolean antiAffinity() {
        return policy != null && policy.contains("anti-affinity");
    }
}
