package io.pwb.service.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Prices the cost mode ranks with. */
@Entity
@Table(name = "cost_models")
public class CostModelEntity extends PanacheEntityBase {
    @Id
    @Column(name = "cluster_id")
    public String clusterId;
    @Column(name = "energy_price_per_kwh")
    public double energyPricePerKwh;
    @Column(name = "licence_cost_per_host_hour")
    public double licenceCostPerHostHour;
    @Column(name = "migration_cost_per_gib")
    public double migrationCostPerGib;
    public String currency;
    @Column(name = "updated_at_ms")
    public long updatedAtMs;
}
