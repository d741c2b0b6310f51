package io.pwb.openstack.collector;

import io.pwb.engine.model.AffinityRule;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Nova server group: the dependency map's edges. Affinity members should stay together, anti-affinity
 * members apart.
 */
public record ServerGroup(String id, String name, String policy, List<String> memberUuids) {

    public ServerGroup {
        memberUuids = memberUuids == null ? List.of() : List.copyOf(memberUuids);
    }

    /** Name prefix of the engine rules that come from Nova server groups. */
    public static final String RULE_PREFIX = "nova-server-group:";

    public boolean antiAffinity() {
        return policy != null && policy.contains("anti-affinity");
    }

    /**
     * The group as an engine affinity rule: anti-affinity and affinity are enforced by Nova's scheduler, so they
     * are hard; soft-affinity is a weighted preference; soft-anti-affinity has no engine equivalent (none).
     */
    public Optional<AffinityRule> toRule() {
        Set<String> members = Set.copyOf(memberUuids);
        if (members.size() < 2 || policy == null) {
            return Optional.empty();
        }
        String name = RULE_PREFIX + id;
        return switch (policy) {
            case "anti-affinity" -> Optional.of(AffinityRule.antiAffinity(name, members));
            case "affinity" -> Optional.of(AffinityRule.enforcingAffinity(name, members));
            case "soft-affinity" -> Optional.of(AffinityRule.softAffinity(name, members, 1.0));
            default -> Optional.empty();
        };
    }
}
