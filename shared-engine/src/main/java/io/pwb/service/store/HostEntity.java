package io.pwb.service.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A host of a cluster as last reported by an adapter or the demo simulator. */
@Entity
@Table(name = "hosts")
@IdClass(ClusterScopedId.class)
public class HostEntity extends PanacheEntityBase {
    @Id
    @Column(name = "cluster_id")
    public String clusterId;
    @Id
    @Column(name = "host_id")
    public String entityId;
    @Column(name = "cpu_mhz")
    public double cpuMhz;
    @Column(name = "memory_bytes")
    public long memoryBytes;
    @Column(name = "power_model")
    public String powerModel;
    @Column(name = "updated_at_ms")
    public long updatedAtMs;
}
