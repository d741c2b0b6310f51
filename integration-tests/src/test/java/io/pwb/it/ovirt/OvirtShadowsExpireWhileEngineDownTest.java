package io.pwb.it.ovirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.engine.model.Resources;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.it.AbstractServiceTest;
import io.pwb.it.LocalServices;
import io.pwb.it.PwbApp;
import io.pwb.it.Services;
import io.pwb.service.planning.EngineJson;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service on PostgreSQL, collecting from the HTTPS oVirt engine stub, is restarted while the engine is
 * down: the oVirt cluster it collected before is resumed from the database (the claim stored with the cluster), so a
 * shadow the previous run left RESERVED expires at its deadline although no collection succeeds after the restart.
 */
class OvirtShadowsExpireWhileEngineDownTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = OvirtEngineStub.CLUSTER_ID;

    @Test
    void aRestoredShadowExpiresAtItsDeadlineWhileNoCollectionSucceeds() throws Exception {
        LocalServices.requirePostgres();
        Services services = LocalServices.get();
        String jdbcUrl = services.freshDatabase("pwb_ovirt_down");
        Path dir = Files.createTempDirectory("pwb-ovirt-down");
        SelfSignedTls tls = new SelfSignedTls(dir);
        String password = "stub-" + System.nanoTime();
        OvirtEngineStub stub = new OvirtEngineStub(tls.serverContext(), OvirtEngineStubResource.USER, password);
        try {
            OvirtEngineStub.StubHost a = stub.addHost("ovirt-a", 8, 2600, 64L << 30);
            OvirtEngineStub.StubHost b = stub.addHost("ovirt-b", 8, 2600, 64L << 30);
            OvirtEngineStub.StubVm web = stub.addVm("ovirt-web", 4, 8L << 30, a);
            Path workDir = Files.createDirectories(dir.resolve("pwb"));
            Map<String, String> p = services.serviceSettings(jdbcUrl, workDir, "unused");
            p.put("pwb.ingest.kafka-enabled", "false");
            p.put("pwb.ovirt.xmlrpc.enabled", "false");
            p.putAll(OvirtEngineStubResource.collectorSettings(stub, tls, dir, password, "1s"));

            try (PwbApp app = new PwbApp(p, workDir).start()) {
                AbstractServiceTest.await("the oVirt cluster collected and claimed", Duration.ofSeconds(60),
                        () -> ("ovirt " + stub.apiUrl()).equals(collectedBy(services, jdbcUrl)));
            }

            // what the balance unit of the previous run would have left: a reservation for a move the engine never made
            Instant created = Instant.now();
            Instant deadline = created.plusSeconds(12);
            Shadow reserved = new Shadow(UUID.randomUUID().toString(), CLUSTER, web.id, a.id, b.id,
                    Resources.of(4 * 2600, 8L << 30), 0.5, 0.8, ShadowState.RESERVED, created, created, deadline, null,
                    false, null, "reserved");
            store(services, jdbcUrl, reserved);

            stub.down = true; // every call fails from now on: no collection succeeds after the restart
            try (PwbApp again = new PwbApp(p, workDir).start()) {
                AbstractServiceTest.await("the restored shadow expired", Duration.ofSeconds(90),
                        () -> "EXPIRED".equals(stateOf(again, reserved.id())));
                assertTrue(again.logText().contains("resumed") && again.logText().contains(CLUSTER), again.logTail());
                JsonNode history = JSON.readTree(again.get("/api/v1/shadows/" + reserved.id() + "/history").body());
                assertEquals(2, history.size(), history.toString());
                JsonNode expiry = history.get(1);
                assertEquals("EXPIRED", expiry.get("toState").asText());
                assertTrue(expiry.get("reason").asText().contains("platform did not move the VM"), expiry.toString());
                assertTrue(!Instant.parse(expiry.get("at").asText()).isBefore(deadline), "not before its deadline: " + expiry);
                // The restarted PWB did try its collector and the engine refused it: the expiry needed no collection.
                assertTrue(stub.refusedWhileDown.get() > 0, "the restarted PWB never asked the engine");
            }
        } finally {
            stub.close();
        }
    }

    private static String stateOf(PwbApp app, String shadowId) {
        try {
            return JSON.readTree(app.get("/api/v1/shadows/" + shadowId).body()).path("state").asText();
        } catch (Exception e) {
            throw new IllegalStateException("reading shadow " + shadowId + ": " + e.getMessage(), e);
        }
    }

    private static String collectedBy(Services services, String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, services.username(), services.password());
             PreparedStatement ps = c.prepareStatement("SELECT collected_by FROM cluster_settings WHERE cluster_id = ?")) {
            ps.setString(1, CLUSTER);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading cluster_settings: " + e.getMessage(), e);
        }
    }

    private static void store(Services services, String jdbcUrl, Shadow s) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, services.username(), services.password())) {
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
}
