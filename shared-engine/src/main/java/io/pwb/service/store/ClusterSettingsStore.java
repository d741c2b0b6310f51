package io.pwb.service.store;

import io.pwb.service.config.PwbConfig;
import io.pwb.service.planning.ClusterMeters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cluster settings: created with the configured defaults (mode advisory) the first time a cluster is seen. That
 * first insert is one {@code INSERT ... ON CONFLICT DO NOTHING}, so replicas seeing a new cluster at once never clash.
 */
@ApplicationScoped
public class ClusterSettingsStore {
    private static final String INSERT = "INSERT INTO cluster_settings (cluster_id, mode, cpu_threshold_percent, "
            + "memory_threshold_percent, training_seconds, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final Database database;
    private final PwbConfig config;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final ClusterMeters meters;

    public ClusterSettingsStore(Database database, PwbConfig config, ClusterMeters meters) {
        this.database = database;
        this.config = config;
        this.meters = meters;
    }

    public void ensureExists(String clusterId) {
        if (known.contains(clusterId)) {
            return;
        }
        long now = System.currentTimeMillis();
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, clusterId);
            ps.setString(2, config.planning().defaultMode());
            ps.setDouble(3, config.planning().defaultCpuThresholdPercent());
            ps.setDouble(4, config.planning().defaultMemoryThresholdPercent());
            ps.setLong(5, config.planning().trainingPeriod().toSeconds());
            ps.setLong(6, now);
            ps.setLong(7, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot register cluster " + clusterId + ": " + e.getMessage(), e);
        }
        known.add(clusterId);
        meters.register(clusterId);
    }

    @Transactional
    public List<ClusterSettingsEntity> all() {
        return ClusterSettingsEntity.listAll(Sort.by("clusterId"));
    }

    @Transactional
    public Optional<ClusterSettingsEntity> find(String clusterId) {
        return ClusterSettingsEntity.findByIdOptional(clusterId);
    }

    /** Updates mode and thresholds; null arguments leave a value unchanged. */
    @Transactional
    public ClusterSettingsEntity update(String clusterId, String mode, Double cpuThresholdPercent, Double memoryThresholdPercent,
                                       Long trainingSeconds) {
        ensureExists(clusterId);
        ClusterSettingsEntity s = ClusterSettingsEntity.findById(clusterId);
        if (mode != null) {
            s.mode = mode;
        }
        if (cpuThresholdPercent != null) {
            s.cpuThresholdPercent = cpuThresholdPercent;
        }
        if (memoryThresholdPercent != null) {
            s.memoryThresholdPercent = memoryThresholdPercent;
        }
        if (trainingSeconds != null) {
            s.trainingSeconds = trainingSeconds;
        }
        s.updatedAtMs = System.currentTimeMillis();
        return s;
    }

    /** Records that {@code collector} drives the cluster (registered with the defaults if new). */
    @Transactional
    public void markCollected(String clusterId, String collector) {
        ensureExists(clusterId);
        ClusterSettingsEntity s = ClusterSettingsEntity.findById(clusterId);
        if (!collector.equals(s.collectedBy)) {
            s.collectedBy = collector;
        }
    }

    /** The clusters {@code collector} drove, as recorded by {@link #markCollected}. */
    @Transactional
    public List<String> collectedBy(String collector) {
        return ClusterSettingsEntity.<ClusterSettingsEntity>list("collectedBy", Sort.by("clusterId"), collector).stream()
                .map(s -> s.clusterId).toList();
    }
}
