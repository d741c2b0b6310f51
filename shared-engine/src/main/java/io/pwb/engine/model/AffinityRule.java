package io.pwb.engine.model;

import java.util.Set;

/**
 * An affinity group. Negative rules are always hard: no two members on the same host. Positive enforcing rules
 * are hard: a member may only go where the other running members are. Positive non-enforcing rules are soft and
 * become dependency edges of weight {@code softWeight}.
 */
public record AffinityRule(String name, boolean positive, boolean enforcing, Set<String> vmIds, double softWeight) {
    public AffinityRule {
        name = Checks.id("affinity rule name", name);
        if (vmIds == null || vmIds.size() < 2) {
            throw new IllegalArgumentException("affinity rule " + name + " needs at least two VMs");
        }
        vmIds = Set.copyOf(vmIds);
        Checks.nonNegative("softWeight of affinity rule " + name, softWeight);
    }

    public static AffinityRule antiAffinity(String name, Set<String> vmIds) {
        return new AffinityRule(name, false, true, vmIds, 0);
    }

    public static AffinityRule enforcingAffinity(String name, Set<String> vmIds) {
        return new AffinityRule(name, true, true, vmIds, 0);
    }

    public static AffinityRule softAffinity(String name, Set<String> vmIds, double weight) {
        return new AffinityRule(name, true, false, vmIds, weight);
    }

    /** True when this rule constrains placement (negative, or positive and enforcing). */
    public boolean hard() {
        return !positive || enforcing;
    }
}
