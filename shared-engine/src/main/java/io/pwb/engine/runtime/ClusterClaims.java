package io.pwb.engine.runtime;

import java.util.List;

/**
 * How a platform collector tells the service which clusters it drives on this replica. The service's shadow ledger
 * holds only the shadows of clusters this replica owns, so a collector claims a cluster before it acts on the
 * cluster's shadows (the service then loads them from the database), and after a restart it resumes the clusters it
 * drove before, so their shadows keep expiring on time while the platform cannot be reached.
 */
@FunctionalInterface
public interface ClusterClaims {

    /** Nothing to load or remember (an adapter running without the service: its ledger is its own). */
    ClusterClaims NONE = clusterId -> {
    };

    /**
     * This collector drives the cluster from now on. Called once per cluster, before the collector touches it.
     *
     * @throws IllegalStateException when the cluster cannot be taken over now (the collector retries next cycle)
     */
    void claim(String clusterId);

    /** The clusters this collector drove before this process started (none unless the claims are remembered). */
    default List<String> claimedBefore() {
        return List.of();
    }
}
