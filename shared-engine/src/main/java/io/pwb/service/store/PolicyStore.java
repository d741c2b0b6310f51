package io.pwb.service.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** What operators tell PWB about a cluster: dependencies, maintenance windows, cost model. */
@ApplicationScoped
public class PolicyStore {
    private final Database database;
    private final ClusterSettingsStore clusters;

    public PolicyStore(Database database, ClusterSettingsStore clusters) {
        this.database = database;
        this.clusters = clusters;
    }

    @Transactional
    public List<DependencyEdgeEntity> dependencies(String clusterId) {
        return database.session().createSelectionQuery(
                        "from DependencyEdgeEntity where clusterId = :c order by fromVmId, toVmId", DependencyEdgeEntity.class)
                .setParameter("c", clusterId).getResultList();
    }

    /** Replaces the whole dependency graph of a cluster. */
    @Transactional
    public void replaceDependencies(String clusterId, List<DependencyEdgeEntity> edges) {
        clusters.ensureExists(clusterId);
        var session = database.session();
        session.createMutationQuery("delete from DependencyEdgeEntity where clusterId = :c").setParameter("c", clusterId).executeUpdate();
        for (DependencyEdgeEntity e : edges) {
            e.clusterId = clusterId;
            session.persist(e);
        }
    }

    @Transactional
    public List<MaintenanceWindowEntity> maintenanceWindows(String clusterId) {
        return database.session().createSelectionQuery(
                        "from MaintenanceWindowEntity where clusterId = :c order by startsAtMs, id", MaintenanceWindowEntity.class)
                .setParameter("c", clusterId).getResultList();
    }

    @Transactional
    public MaintenanceWindowEntity addMaintenanceWindow(MaintenanceWindowEntity w) {
        clusters.ensureExists(w.clusterId);
        database.session().persist(w);
        return w;
    }

    @Transactional
    public boolean deleteMaintenanceWindow(String clusterId, long id) {
        return database.session().createMutationQuery("delete from MaintenanceWindowEntity where clusterId = :c and id = :i")
                .setParameter("c", clusterId).setParameter("i", id).executeUpdate() > 0;
    }

    @Transactional
    public Optional<CostModelEntity> costModel(String clusterId) {
        return Optional.ofNullable(database.session().find(CostModelEntity.class, clusterId));
    }

    @Transactional
    public CostModelEntity saveCostModel(CostModelEntity model) {
        clusters.ensureExists(model.clusterId);
        model.updatedAtMs = System.currentTimeMillis();
        return database.session().merge(model);
    }

    @Transactional
    public List<ForecastAccuracyEntity> accuracy(String clusterId, String vmId) {
        return database.session().createSelectionQuery(
                        "from ForecastAccuracyEntity where clusterId = :c and vmId = :v order by metric", ForecastAccuracyEntity.class)
                .setParameter("c", clusterId).setParameter("v", vmId).getResultList();
    }

    @Transactional
    public void saveAccuracy(ForecastAccuracyEntity accuracy) {
        database.session().merge(accuracy);
    }
}
