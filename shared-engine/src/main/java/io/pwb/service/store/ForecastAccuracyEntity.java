package io.pwb.service.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** Latest measured out-of-sample accuracy of one VM series' forecasts. */
@Entity
@Table(name = "forecast_accuracy")
@IdClass(ForecastAccuracyEntity.Key.class)
public class ForecastAccuracyEntity extends PanacheEntityBase {
    @Id
    @Column(name = "cluster_id")
    public String clusterId;
    @Id
    @Column(name = "vm_id")
    public String vmId;
    @Id
    public String metric;
    public String model;
    public long pairs;
    public Double mae;
    public Double rmse;
    @Column(name = "upper_coverage")
    public Double upperCoverage;
    @Column(name = "updated_at_ms")
    public long updatedAtMs;

    public static class Key implements Serializable {
        public String clusterId;
        public String vmId;
        public String metric;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(clusterId, k.clusterId) && Objects.equals(vmId, k.vmId)
                    && Objects.equals(metric, k.metric);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clusterId, vmId, metric);
        }
    }
}
