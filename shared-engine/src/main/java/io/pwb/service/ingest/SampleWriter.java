package io.pwb.service.ingest;

import io.pwb.engine.model.EntityKind;
import io.pwb.service.store.ClusterSettingsStore;
import io.pwb.service.store.Database;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Writes samples in bulk (the hot path: tens of thousands per second), bypassing the ORM: COPY on PostgreSQL,
 * JDBC batches on H2.
 * Duplicates are no-ops thanks to the samples key and {@code ON CONFLICT DO NOTHING} (H2 accepts it in
 * PostgreSQL mode). Also keeps each VM's placement and first-sample time current.
 */
@ApplicationScoped
public class SampleWriter {
    private static final String INSERT_SAMPLE = "INSERT INTO samples (cluster_id, entity_kind, entity_id, metric, ts_ms, sample_value) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_VM = "INSERT INTO vms (cluster_id, vm_id, host_id, vcpus, cpu_mhz, memory_bytes, first_sample_at_ms, updated_at_ms) "
            + "VALUES (?, ?, ?, 0, 0, 0, ?, ?) ON CONFLICT DO NOTHING";
    private static final String UPDATE_VM = "UPDATE vms SET host_id = COALESCE(?, host_id), "
            + "first_sample_at_ms = LEAST(COALESCE(first_sample_at_ms, ?), ?), updated_at_ms = ? WHERE cluster_id = ? AND vm_id = ?";

    private final Database database;
    private final ClusterSettingsStore clusters;

    public SampleWriter(Database database, ClusterSettingsStore clusters) {
        this.database = database;
        this.clusters = clusters;
    }

    /** Writes all samples in one transaction; returns how many were new. */
    public int write(List<SampleMessage> samples) {
        if (samples.isEmpty()) {
            return 0;
        }
        samples.stream().map(SampleMessage::clusterId).distinct().forEach(clusters::ensureExists);
        long now = System.currentTimeMillis();
        try (Connection c = database.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int inserted = database.isPostgres() ? insertSamplesPostgres(c, samples) : insertSamples(c, samples);
                touchVms(c, samples, now);
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing " + samples.size() + " samples failed: " + e.getMessage(), e);
        }
    }

    private static int insertSamples(Connection c, List<SampleMessage> samples) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_SAMPLE)) {
            for (SampleMessage s : samples) {
                ps.setString(1, s.clusterId());
                ps.setString(2, s.kind().name());
                ps.setString(3, s.entityId());
                ps.setString(4, s.metric().key());
                ps.setLong(5, s.timestampMs());
                ps.setDouble(6, s.value());
                ps.addBatch();
            }
            int inserted = 0;
            for (int n : ps.executeBatch()) {
                // the PostgreSQL driver's rewritten batches report SUCCESS_NO_INFO (-2): count them as written
                inserted += n == PreparedStatement.SUCCESS_NO_INFO ? 1 : Math.max(n, 0);
            }
            return inserted;
        }
    }

    /**
     * PostgreSQL: the batch is streamed with COPY into a per-connection staging table (no parameter binding, no
     * parse per row), then moved with one INSERT ... ON CONFLICT DO NOTHING, so duplicates stay no-ops. The staging
     * table is a temporary table emptied at every commit.
     */
    private static final String CREATE_STAGING = "CREATE TEMP TABLE IF NOT EXISTS samples_staging "
            + "(cluster_id VARCHAR(128), entity_kind VARCHAR(8), entity_id VARCHAR(128), metric VARCHAR(64), ts_ms BIGINT, "
            + "sample_value DOUBLE PRECISION) ON COMMIT DELETE ROWS";
    private static final String COPY_STAGING = "COPY samples_staging (cluster_id, entity_kind, entity_id, metric, ts_ms, sample_value) "
            + "FROM STDIN (FORMAT text)";
    private static final String MOVE_STAGING = "INSERT INTO samples (cluster_id, entity_kind, entity_id, metric, ts_ms, sample_value) "
            + "SELECT cluster_id, entity_kind, entity_id, metric, ts_ms, sample_value FROM samples_staging ON CONFLICT DO NOTHING";

    private static int insertSamplesPostgres(Connection c, List<SampleMessage> samples) throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            st.execute(CREATE_STAGING);
        }
        StringBuilder rows = new StringBuilder(samples.size() * 64);
        for (SampleMessage s : samples) {
            copyText(rows, s.clusterId()).append('\t').append(s.kind().name()).append('\t');
            copyText(rows, s.entityId()).append('\t').append(s.metric().key()).append('\t')
                    .append(s.timestampMs()).append('\t').append(s.value()).append('\n');
        }
        try {
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                    .copyIn(COPY_STAGING, new java.io.StringReader(rows.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY of " + samples.size() + " samples failed: " + e.getMessage(), e);
        }
        try (java.sql.Statement st = c.createStatement()) {
            return st.executeUpdate(MOVE_STAGING);
        }
    }

    /** Escapes a value for COPY's text format (identifiers are validated, but a backslash or tab must not break a row). */
    private static StringBuilder copyText(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out;
    }

    private record VmKey(String clusterId, String vmId) {
    }

    private record VmTouch(long minTsMs, String lastHostId) {
    }

    private static void touchVms(Connection c, List<SampleMessage> samples, long now) throws SQLException {
        // sorted so that concurrent replicas lock VM rows in the same order (no deadlocks)
        Map<VmKey, VmTouch> touched = new java.util.TreeMap<>(java.util.Comparator.comparing(VmKey::clusterId).thenComparing(VmKey::vmId));
        for (SampleMessage s : samples) {
            if (s.kind() != EntityKind.VM) {
                continue;
            }
            touched.merge(new VmKey(s.clusterId(), s.entityId()), new VmTouch(s.timestampMs(), s.hostId()),
                    (a, b) -> new VmTouch(Math.min(a.minTsMs(), b.minTsMs()), b.lastHostId() != null ? b.lastHostId() : a.lastHostId()));
        }
        if (touched.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_VM);
             PreparedStatement update = c.prepareStatement(UPDATE_VM)) {
            for (Map.Entry<VmKey, VmTouch> e : touched.entrySet()) {
                insert.setString(1, e.getKey().clusterId());
                insert.setString(2, e.getKey().vmId());
                insert.setString(3, e.getValue().lastHostId());
                insert.setLong(4, e.getValue().minTsMs());
                insert.setLong(5, now);
                insert.addBatch();
                update.setString(1, e.getValue().lastHostId());
                update.setLong(2, e.getValue().minTsMs());
                update.setLong(3, e.getValue().minTsMs());
                update.setLong(4, now);
                update.setString(5, e.getKey().clusterId());
                update.setString(6, e.getKey().vmId());
                update.addBatch();
            }
            insert.executeBatch();
            update.executeBatch();
        }
    }
}
