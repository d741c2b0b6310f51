package io.pwb.engine.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The application dependency map: weighted edges between VMs (soft, keep them together) and hard affinity rules.
 * Immutable; neighbour lookups are precomputed. Edges to VMs outside the snapshot are kept (their weight is
 * disrupted wherever the VM goes, so they do not change rankings).
 */
public final class DependencyGraph {

    public static final DependencyGraph EMPTY = new DependencyGraph(List.of(), List.of());

    private final List<Dependency> edges;
    private final List<AffinityRule> rules;
    private final Map<String, Map<String, Double>> neighbours;
    private final Map<String, List<AffinityRule>> hardRulesByVm;

    public DependencyGraph(List<Dependency> edges, List<AffinityRule> rules) {
        this.edges = List.copyOf(edges == null ? List.of() : edges);
        this.rules = List.copyOf(rules == null ? List.of() : rules);
        Map<String, Map<String, Double>> n = new HashMap<>();
        for (Dependency d : this.edges) {
            add(n, d.vmA(), d.vmB(), d.weight());
        }
        Map<String, List<AffinityRule>> hard = new HashMap<>();
        for (AffinityRule r : this.rules) {
            if (r.hard()) {
                for (String vm : r.vmIds()) {
                    hard.computeIfAbsent(vm, k -> new ArrayList<>()).add(r);
                }
            } else if (r.softWeight() > 0) {
                List<String> members = new ArrayList<>(r.vmIds());
                for (int i = 0; i < members.size(); i++) {
                    for (int j = i + 1; j < members.size(); j++) {
                        add(n, members.get(i), members.get(j), r.softWeight());
                    }
                }
            }
        }
        Map<String, Map<String, Double>> frozen = new HashMap<>();
        n.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
        this.neighbours = Collections.unmodifiableMap(frozen);
        Map<String, List<AffinityRule>> frozenHard = new HashMap<>();
        hard.forEach((k, v) -> frozenHard.put(k, List.copyOf(v)));
        this.hardRulesByVm = Collections.unmodifiableMap(frozenHard);
    }

    private static void add(Map<String, Map<String, Double>> n, String a, String b, double w) {
        n.computeIfAbsent(a, k -> new HashMap<>()).merge(b, w, Double::sum);
        n.computeIfAbsent(b, k -> new HashMap<>()).merge(a, w, Double::sum);
    }

    public List<Dependency> edges() {
        return edges;
    }

    public List<AffinityRule> rules() {
        return rules;
    }

    /** Neighbour VM id -> summed edge weight (declared, soft affinity, traffic). */
    public Map<String, Double> neighbours(String vmId) {
        return neighbours.getOrDefault(vmId, Map.of());
    }

    /** Hard rules (negative, or positive enforcing) that include this VM. */
    public List<AffinityRule> hardRules(String vmId) {
        return hardRulesByVm.getOrDefault(vmId, List.of());
    }
}
