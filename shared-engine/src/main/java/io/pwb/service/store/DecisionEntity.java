package io.pwb.service.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One planning decision with its full explanation (JSON text, as produced by the planner). */
@Entity
@Table(name = "decisions")
public class DecisionEntity extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "cluster_id")
    public String clusterId;
    @Column(name = "created_at_ms")
    public long createdAtMs;
    @Column(name = "vm_id")
    public String vmId;
    @Column(name = "source_host_id")
    public String sourceHostId;
    @Column(name = "target_host_id")
    public String targetHostId;
    public String mode;
    public boolean acted;
    public String summary;
    @Column(name = "explanation_json", length = 65535)
    public String explanationJson;
}
