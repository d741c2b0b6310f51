package io.pwb.ovirt.collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * oVirt affinity groups as PWB's application dependency map: an enabled positive VM rule says its VMs belong
 * together (they talk to each other), so every pair in it gets an edge; an enforcing rule weighs twice as much.
 * Negative rules are kept apart as anti-affinity pairs, a constraint rather than a dependency.
 */
public final class AffinityDependencies {

    public record Edge(String vmA, String vmB, double weight) {
    }

    public record Result(List<Edge> dependencies, List<Edge> antiAffinity) {
    }

    private AffinityDependencies() {
    }

    public static Result of(List<OvirtInventory.AffinityGroup> groups) {
        Map<String, Edge> deps = new LinkedHashMap<>();
        Map<String, Edge> apart = new LinkedHashMap<>();
        for (OvirtInventory.AffinityGroup g : groups) {
            if (!g.vmRuleEnabled()) {
                continue;
            }
            double weight = g.enforcing() ? 2.0 : 1.0;
            Map<String, Edge> into = g.positive() ? deps : apart;
            List<String> vms = g.vmIds().stream().distinct().sorted().toList();
            for (int i = 0; i < vms.size(); i++) {
                for (int j = i + 1; j < vms.size(); j++) {
                    String key = vms.get(i) + "|" + vms.get(j);
                    Edge e = new Edge(vms.get(i), vms.get(j), weight);
                    into.merge(key, e, (a, b) -> new Edge(a.vmA(), a.vmB(), a.weight() + b.weight()));
                }
            }
        }
        return new Result(new ArrayList<>(deps.values()), new ArrayList<>(apart.values()));
    }
}
