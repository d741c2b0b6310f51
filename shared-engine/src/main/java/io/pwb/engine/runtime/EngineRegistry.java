package io.pwb.engine.runtime;

import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.shadow.ShadowLedger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster engines of one PWB instance, sharing one shadow ledger. Platform calls that name only a VM or a set
 * of hosts (the oVirt units) find their cluster here.
 */
public final class EngineRegistry {
    private final ShadowLedger ledger;
    private final PlanningSettings defaults;
    private final Map<String, ClusterEngine> clusters = new ConcurrentHashMap<>();

    public EngineRegistry(ShadowLedger ledger, PlanningSettings defaults) {
        this.ledger = ledger == null ? new ShadowLedger(null, null) : ledger;
        this.defaults = defaults == null ? PlanningSettings.DEFAULT : defaults;
    }

    public ShadowLedger ledger() {
        return ledger;
    }

    /** The engine of a cluster, created with the default settings on first use. */
    public ClusterEngine cluster(String clusterId) {
        return clusters.computeIfAbsent(clusterId, id -> new ClusterEngine(id, defaults, ledger));
    }

    public Optional<ClusterEngine> existing(String clusterId) {
        return Optional.ofNullable(clusterId == null ? null : clusters.get(clusterId));
    }

    public Collection<ClusterEngine> all() {
        return List.copyOf(clusters.values());
    }

    /** The cluster whose inventory holds this VM. */
    public Optional<ClusterEngine> clusterOfVm(String vmId) {
        return clusters.values().stream().filter(c -> c.vm(vmId).isPresent()).findFirst();
    }

    /** The cluster whose inventory holds the most of these hosts (oVirt sends one cluster's hosts at a time). */
    public Optional<ClusterEngine> clusterOfHosts(Collection<String> hostIds) {
        ClusterEngine best = null;
        long bestCount = 0;
        for (ClusterEngine c : clusters.values()) {
            long n = hostIds.stream().filter(h -> c.host(h).isPresent()).count();
            if (n > bestCount) {
                best = c;
                bestCount = n;
            }
        }
        return Optional.ofNullable(best);
    }
}
