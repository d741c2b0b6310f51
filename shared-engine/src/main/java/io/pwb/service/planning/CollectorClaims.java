package io.pwb.service.planning;

import io.pwb.engine.runtime.ClusterClaims;
import io.pwb.service.store.ClusterSettingsStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The service's side of {@link ClusterClaims}: a cluster a platform collector claims is driven by that collector on
 * this replica (the planning loop leaves it alone and the ledger takes its shadows over from the database), and the
 * claim is stored with the cluster, so that after a restart the collector resumes its clusters, and moves their
 * shadows on, before it reaches its platform again.
 */
@ApplicationScoped
public class CollectorClaims {
    private final PlanningLoop planning;
    private final ClusterSettingsStore clusters;

    public CollectorClaims(PlanningLoop planning, ClusterSettingsStore clusters) {
        this.planning = planning;
        this.clusters = clusters;
    }

    /**
     * The claims of one collector.
     *
     * @param collector names the collector and the platform it reads, e.g. {@code ovirt https://engine/ovirt-engine/api}
     */
    public ClusterClaims of(String collector) {
        return new ClusterClaims() {
            @Override
            public void claim(String clusterId) {
                planning.selfDriven(clusterId);
                clusters.markCollected(clusterId, collector);
            }

            @Override
            public List<String> claimedBefore() {
                return clusters.collectedBy(collector);
            }
        };
    }
}
