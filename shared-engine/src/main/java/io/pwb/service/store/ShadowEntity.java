package io.pwb.service.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Current state of one shadow reservation; its history is in {@link ShadowTransitionEntity}. */
@Entity
@Table(name = "shadows")
public class ShadowEntity extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "cluster_id")
    public String clusterId;
    @Column(name = "decision_id")
    public String decisionId;
    @Column(name = "vm_id")
    public String vmId;
    @Column(name = "source_host_id")
    public String sourceHostId;
    @Column(name = "target_host_id")
    public String targetHostId;
    public String state;
    @Column(name = "created_at_ms")
    public long createdAtMs;
    @Column(name = "updated_at_ms")
    public long updatedAtMs;
    /** What the ledger needs to restore the shadow after a restart (reserved demand, deadlines). */
    @Column(name = "detail_json", length = 65535)
    public String detailJson;
}
