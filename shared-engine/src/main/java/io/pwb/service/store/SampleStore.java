package io.pwb.service.store;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads sample series and applies the retention tiers (raw, then hourly profiles). */
@ApplicationScoped
public class SampleStore {
    /** One stored point of a series. */
    public record Point(long timestampMs, double value) {
    }

    /** One stored sample of a cluster, as the forecasters' warm-up replays it. */
    public record Stored(EntityKind kind, String entityId, Metric metric, long timestampMs, double value) {
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

    /** Timestamp of each cluster's newest sample, for every cluster that has samples. */
    public Map<String, Long> latestTimestamps() {
        String sql = "SELECT cluster_id, MAX(ts_ms) FROM samples GROUP BY cluster_id";
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the newest sample times failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Hands a cluster's samples from {@code fromMs} on to {@code each}, oldest first, one at a time (a warm-up period
     * can be millions of rows). Rows of a metric this version does not know are counted but not handed on.
     *
     * @return how many rows were read
     */
    public long forEachSince(String clusterId, long fromMs, Consumer<Stored> each) {
        String sql = "SELECT entity_kind, entity_id, metric, ts_ms, sample_value FROM samples WHERE cluster_id = ? "
                + "AND ts_ms >= ? ORDER BY ts_ms";
        long count = 0;
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, clusterId);
            ps.setLong(2, fromMs);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var metric = Metric.fromKey(rs.getString(3));
                    if (metric.isPresent()) {
                        each.accept(new Stored(EntityKind.valueOf(rs.getString(1)), rs.getString(2), metric.get(),
                                rs.getLong(4), rs.getDouble(5)));
                    }
                    count++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the samples of " + clusterId + " failed: " + e.getMessage(), e);
        }
        return count;
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
