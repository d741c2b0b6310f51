package io.pwb.service.planning;

import io.pwb.engine.runtime.ClusterClaims;
import io.pwb.service.store.ClusterSettingsStore;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import java.util.List;
import java.util.function.Supplier;

/**
 * The service's side of {@link ClusterClaims}: a cluster a platform collector claims is driven by that collector on
 * this replica (the planning loop leaves it alone and the ledger takes its shadows over from the database), and the
 * claim is stored with the cluster, so that after a restart the collector resumes its clusters, and moves their
 * shadows on, before it reaches its platform again.
 */
@ApplicationScoped
public class CollectorClaims {
    private static final Logger LOG = Logger.getLogger(CollectorClaims.class);

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

    /**
     * Runs a collector's resume at start and logs which clusters it resumed, or which it could not (those are claimed
     * again when the collector next touches them).
     *
     * @param platform  names the collector's platform in the log, e.g. {@code oVirt}
     * @param answerer  what the shadows wait for, e.g. {@code the engine}
     * @param resume    claims the clusters collected before, returning them; throws IllegalStateException naming
     *                  those it could not claim
     */
    public static void resume(String platform, String answerer, Supplier<List<String>> resume) {
        try {
            List<String> resumed = resume.get();
            if (!resumed.isEmpty()) {
                LOG.infof("%s clusters collected before the restart resumed (their shadows move on with time until %s"
                        + " answers): %s", platform, answerer, resumed);
            }
        } catch (IllegalStateException e) {
            LOG.errorf("%s", e.getMessage());
        }
    }
}
