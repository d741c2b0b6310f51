package io.pwb.service.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** A weighted dependency between two VMs (moving one away from the other disrupts it). */
@Entity
@Table(name = "dependency_edges")
@IdClass(DependencyEdgeEntity.Key.class)
public class DependencyEdgeEntity extends PanacheEntityBase {
    @Id
    @Column(name = "cluster_id")
    public String clusterId;
    @Id
    @Column(name = "from_vm_id")
    public String fromVmId;
    @Id
    @Column(name = "to_vm_id")
    public String toVmId;
    public double weight;

    public static class Key implements Serializable {
        public String clusterId;
        public String fromVmId;
        public String toVmId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(clusterId, k.clusterId) && Objects.equals(fromVmId, k.fromVmId)
                    && Objects.equals(toVmId, k.toVmId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clusterId, fromVmId, toVmId);
        }
    }
}
