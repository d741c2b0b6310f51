package io.pwb.service.store;

import java.io.Serializable;
import java.util.Objects;

/** Composite key (cluster, entity id) of hosts and VMs. */
public class ClusterScopedId implements Serializable {
    public String clusterId;
    public String entityId;

    public ClusterScopedId() {
    }

    public ClusterScopedId(String clusterId, String entityId) {
        this.clusterId = clusterId;
        this.entityId = entityId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterScopedId other && Objects.equals(clusterId, other.clusterId)
                && Objects.equals(entityId, other.entityId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, entityId);
    }
}
