package io.pwb.service.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Per-cluster operating mode and thresholds; a cluster seen for the first time gets the configured defaults. */
@Entity
@Table(name = "cluster_settings")
public class ClusterSettingsEntity extends PanacheEntityBase {
    @Id
    @Column(name = "cluster_id")
    public String clusterId;
    public String mode;
    @Column(name = "cpu_threshold_percent")
    public double cpuThresholdPercent;
    @Column(name = "memory_threshold_percent")
    public double memoryThresholdPercent;
    @Column(name = "training_seconds")
    public long trainingSeconds;
    @Column(name = "created_at_ms")
    public long createdAtMs;
    @Column(name = "updated_at_ms")
    public long updatedAtMs;
    /** The platform collector that drives the cluster (see {@link ClusterSettingsStore#markCollected}); null if none. */
    @Column(name = "collected_by")
    public String collectedBy;
}
