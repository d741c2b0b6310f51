package io.pwb.ovirt.collector;

import io.pwb.engine.model.AffinityRule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * oVirt affinity groups as PWB's dependency map: an enabled positive VM rule says its VMs belong together (they
 * talk to each other), a negative one keeps them apart; enforcing rules are hard constraints, the others soft.
 */
public final class AffinityRules {

    /** Weight of a soft positive rule's edges in the dependency graph. */
    static final double SOFT_WEIGHT = 1.0;

    private AffinityRules() {
    }

    public static List<AffinityRule> of(List<OvirtInventory.AffinityGroup> groups, String clusterId,
                                        Set<String> vmsInCluster) {
        List<AffinityRule> rules = new ArrayList<>();
        for (OvirtInventory.AffinityGroup g : groups) {
            if (!g.vmRuleEnabled() || !clusterId.equals(g.clusterId())) {
                continue;
            }
            Set<String> members = new LinkedHashSet<>(g.vmIds());
            members.retainAll(vmsInCluster);
            if (members.size() < 2) {
                continue;
            }
            String name = g.name() == null || g.name().isBlank() ? g.id() : g.name();
            rules.add(new AffinityRule(name, g.positive(), g.enforcing() || !g.positive(), members,
                    g.positive() && !g.enforcing() ? SOFT_WEIGHT : 0));
        }
        return rules;
    }
}
