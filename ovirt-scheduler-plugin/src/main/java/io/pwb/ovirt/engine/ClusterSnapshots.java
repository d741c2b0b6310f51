package io.pwb.ovirt.engine;

import io.pwb.engine.model.ClusterSnapshot;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Where the oVirt units read PWB's current view of the clusters (forecasts included). */
@FunctionalInterface
public interface ClusterSnapshots {

    /** The latest snapshot of every cluster PWB knows; empty before the first collection. */
    List<ClusterSnapshot> current();

    default Optional<ClusterSnapshot> containingVm(String vmId) {
        return current().stream().filter(s -> s.vm(vmId).isPresent()).findFirst();
    }

    /** The cluster holding most of the given hosts (the engine balances one cluster per call). */
    default Optional<ClusterSnapshot> containingHosts(Collection<String> hostIds) {
        ClusterSnapshot best = null;
        long bestCount = 0;
        for (ClusterSnapshot s : current()) {
            long n = hostIds.stream().filter(h -> s.host(h).isPresent()).count();
            if (n > bestCount) {
                best = s;
                bestCount = n;
            }
        }
        return Optional.ofNullable(best);
    }
}
