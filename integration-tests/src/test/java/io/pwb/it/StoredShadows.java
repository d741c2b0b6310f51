package io.pwb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.engine.shadow.Shadow;
import io.pwb.service.planning.EngineJson;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database side of the restart tests: what a previous run left (a shadow and its first transition, the collector
 * that claimed a cluster), written and read with plain JDBC as the service's schema holds them.
 */
public final class StoredShadows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Services services;
    private final String jdbcUrl;

    public StoredShadows(Services services, String jdbcUrl) {
        this.services = services;
        this.jdbcUrl = jdbcUrl;
    }

    /** {@code cluster_settings.collected_by} of the cluster, or null. */
    public String collectedBy(String clusterId) {
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT collected_by FROM cluster_settings WHERE cluster_id = ?")) {
            ps.setString(1, clusterId);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading cluster_settings: " + e.getMessage(), e);
        }
    }

    /** Stores the shadow as the ledger of a previous run would have, with its first transition. */
    public void store(Shadow s) throws SQLException {
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO shadows (id, cluster_id, vm_id, source_host_id,"
                    + " target_host_id, state, created_at_ms, updated_at_ms, detail_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, s.clusterId());
                ps.setString(3, s.vmId());
                ps.setString(4, s.sourceHostId());
                ps.setString(5, s.targetHostId());
                ps.setString(6, s.state().name());
                ps.setLong(7, s.createdAt().toEpochMilli());
                ps.setLong(8, s.updatedAt().toEpochMilli());
                ps.setString(9, EngineJson.write(s));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO shadow_transitions (shadow_id, cluster_id,"
                    + " from_state, to_state, at_ms, reason) VALUES (?, ?, NULL, ?, ?, ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, s.clusterId());
                ps.setString(3, s.state().name());
                ps.setLong(4, s.createdAt().toEpochMilli());
                ps.setString(5, s.reason());
                ps.executeUpdate();
            }
        }
    }

    /** The shadow's state as the running service's REST API shows it. */
    public static String stateOf(PwbApp app, String shadowId) {
        try {
            return JSON.readTree(app.get("/api/v1/shadows/" + shadowId).body()).path("state").asText();
        } catch (Exception e) {
            throw new IllegalStateException("reading shadow " + shadowId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Asserts that the restored shadow's history is its stored start and an expiry for want of a move, not before
     * {@code deadline}.
     */
    public static void assertExpiredAtDeadline(PwbApp app, String shadowId, Instant deadline) throws Exception {
        JsonNode history = JSON.readTree(app.get("/api/v1/shadows/" + shadowId + "/history").body());
        assertEquals(2, history.size(), history.toString());
        JsonNode expiry = history.get(1);
        assertEquals("EXPIRED", expiry.get("toState").asText());
        assertTrue(expiry.get("reason").asText().contains("platform did not move the VM"), expiry.toString());
        assertTrue(!Instant.parse(expiry.get("at").asText()).isBefore(deadline), "not before its deadline: " + expiry);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, services.username(), services.password());
    }
}
