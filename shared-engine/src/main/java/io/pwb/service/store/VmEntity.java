package io.pwb.service.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A VM, where it runs and since when PWB has samples of it (for the training phase). */
@Entity
@Table(name = "vms")
@IdClass(ClusterScopedId.class)
public class VmEntity extends PanacheEntityBase {
    @Id
    @Column(name = "cluster_id")
    public String clusterId;
    @Id
    @Column(name = "vm_id")
    public String entityId;
    @Column(name = "host_id")
    public String hostId;
    public int vcpus;
    @Column(name = "cpu_mhz")
    public double cpuMhz;
    @Column(name = "memory_bytes")
    public long memoryBytes;
    @Column(name = "first_sample_at_ms")
    public Long firstSampleAtMs;
    @Column(name = "updated_at_ms")
    public long updatedAtMs;
}
