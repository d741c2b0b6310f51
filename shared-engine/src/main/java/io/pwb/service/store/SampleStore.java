package io.pwb.service.store;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads sample series and applies the retention tiers (raw, then hourly profiles). */
@ApplicationScoped
public class SampleStore {
    /** One stored point of a series. */
    public record Point(long timestampMs, double value) {
    }

    /** One hourly aggregate of a series. */
    public record HourlyProfile(long hourStartMs, long count, double mean, double min, double max) {
    }

    private static final long HOUR_MS = 3_600_000L;
    private final Database database;

    public SampleStore(Database database) {
        this.database = database;
    }

    /** The newest {@code limit} points in [fromMs, toMs), oldest first. */
    public List<Point> series(String clusterId, EntityKind kind, String entityId, Metric metric, long fromMs, long toMs, int limit) {
        String sql = "SELECT ts_ms, sample_value FROM samples WHERE cluster_id = ? AND entity_kind = ? AND entity_id = ? "
                + "AND metric = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms DESC LIMIT ?";
        List<Point> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, clusterId);
            ps.setString(2, kind.name());
            ps.setString(3, entityId);
            ps.setString(4, metric.key());
            ps.setLong(5, fromMs);
            ps.setLong(6, toMs);
            ps.setInt(7, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Point(rs.getLong(1), rs.getDouble(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading samples failed: " + e.getMessage(), e);
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** Timestamp of a cluster's newest sample. */
    public java.util.Optional<Long> latestTimestamp(String clusterId) {
        long v = scalar("SELECT COALESCE(MAX(ts_ms), -1) FROM samples WHERE cluster_id = ?", clusterId);
        return v < 0 ? java.util.Optional.empty() : java.util.Optional.of(v);
    }

    public long count(String clusterId) {
        return scalar("SELECT COUNT(*) FROM samples WHERE cluster_id = ?", clusterId);
    }

    public List<HourlyProfile> hourly(String clusterId, EntityKind kind, String entityId, Metric metric) {
        String sql = "SELECT hour_start_ms, sample_count, mean_value, min_value, max_value FROM hourly_profiles WHERE cluster_id = ? "
                + "AND entity_kind = ? AND entity_id = ? AND metric = ? ORDER BY hour_start_ms";
        List<HourlyProfile> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, clusterId);
            ps.setString(2, kind.name());
            ps.setString(3, entityId);
            ps.setString(4, metric.key());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HourlyProfile(rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading hourly profiles failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Rolls raw samples older than {@code rawCutoffMs} (whole hours only) into hourly profiles, deletes them,
     * and deletes profiles older than {@code profileCutoffMs}. One transaction, so a crash loses nothing.
     * Returns the number of raw samples rolled up.
     */
    public int applyRetention(long rawCutoffMs, long profileCutoffMs) {
        long hourCutoff = Math.floorDiv(rawCutoffMs, HOUR_MS) * HOUR_MS;
        String rollUp = "INSERT INTO hourly_profiles (cluster_id, entity_kind, entity_id, metric, hour_start_ms, sample_count, "
                + "mean_value, min_value, max_value) SELECT cluster_id, entity_kind, entity_id, metric, (ts_ms / " + HOUR_MS + ") * " + HOUR_MS
                + ", COUNT(*), AVG(sample_value), MIN(sample_value), MAX(sample_value) FROM samples WHERE ts_ms < ? "
                + "GROUP BY cluster_id, entity_kind, entity_id, metric, (ts_ms / " + HOUR_MS + ") ON CONFLICT DO NOTHING";
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement(rollUp);
                 PreparedStatement del = c.prepareStatement("DELETE FROM samples WHERE ts_ms < ?");
                 PreparedStatement old = c.prepareStatement("DELETE FROM hourly_profiles WHERE hour_start_ms < ?")) {
                up.setLong(1, hourCutoff);
                up.executeUpdate();
                del.setLong(1, hourCutoff);
                int rolled = del.executeUpdate();
                old.setLong(1, profileCutoffMs);
                old.executeUpdate();
                c.commit();
                return rolled;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("retention failed: " + e.getMessage(), e);
        }
    }

    private long scalar(String sql, String arg) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
    }
}
