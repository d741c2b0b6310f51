package io.pwb.service.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A period during which a host takes no new VMs and should be emptied. */
@Entity
@Table(name = "maintenance_windows")
public class MaintenanceWindowEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "cluster_id")
    public String clusterId;
    @Column(name = "host_id")
    public String hostId;
    @Column(name = "starts_at_ms")
    public long startsAtMs;
    @Column(name = "ends_at_ms")
    public long endsAtMs;
    public String reason;
}
