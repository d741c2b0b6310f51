package io.pwb.service.store;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** What operators tell PWB about a cluster: dependencies, maintenance windows, cost model. */
@ApplicationScoped
public class PolicyStore {
    private final ClusterSettingsStore clusters;

    public PolicyStore(ClusterSettingsStore clusters) {
        this.clusters = clusters;
    }

    @Transactional
    public List<DependencyEdgeEntity> dependencies(String clusterId) {
        return DependencyEdgeEntity.list("clusterId", Sort.by("fromVmId").and("toVmId"), clusterId);
    }

    /** Replaces the whole dependency graph of a cluster. */
    @Transactional
    public void replaceDependencies(String clusterId, List<DependencyEdgeEntity> edges) {
        clusters.ensureExists(clusterId);
        DependencyEdgeEntity.delete("clusterId", clusterId);
        for (DependencyEdgeEntity e : edges) {
            e.clusterId = clusterId;
            e.persist();
        }
    }

    @Transactional
    public List<MaintenanceWindowEntity> maintenanceWindows(String clusterId) {
        return MaintenanceWindowEntity.list("clusterId", Sort.by("startsAtMs").and("id"), clusterId);
    }

    @Transactional
    public MaintenanceWindowEntity addMaintenanceWindow(MaintenanceWindowEntity w) {
        clusters.ensureExists(w.clusterId);
        w.persist();
        return w;
    }

    @Transactional
    public boolean deleteMaintenanceWindow(String clusterId, long id) {
        return MaintenanceWindowEntity.delete("clusterId = ?1 and id = ?2", clusterId, id) > 0;
    }

    @Transactional
    public Optional<CostModelEntity> costModel(String clusterId) {
        return CostModelEntity.findByIdOptional(clusterId);
    }

    @Transactional
    public CostModelEntity saveCostModel(CostModelEntity model) {
        clusters.ensureExists(model.clusterId);
        model.updatedAtMs = System.currentTimeMillis();
        return CostModelEntity.getEntityManager().merge(model);
    }

    @Transactional
    public void saveAccuracy(ForecastAccuracyEntity accuracy) {
        ForecastAccuracyEntity.getEntityManager().merge(accuracy);
    }
}
