package io.pwb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./pwb serve} on a fresh machine: the packaged application with no configuration at all (embedded H2 under
 * ./data, no broker, demo cluster on) shows a decision and a shadow reaching COMMITTED through the REST API within
 * two minutes, and keeps them across a restart.
 */
class EmbeddedDefaultTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDefaultRunNeedsNoServicesAndShowsTheDemoWorking() throws Exception {
        Path workDir = Files.createTempDirectory("pwb-default-");
        String committedShadow;
        long decisions;
        try (PwbApp app = new PwbApp(Map.of(), workDir).start()) {
            assertTrue(Files.exists(workDir.resolve("data/pwb.mv.db")), "the H2 database lives under ./data");
            JsonNode health = JSON.readTree(app.get("/q/health/ready").body());
            assertEquals("UP", health.get("status").asText());
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            JsonNode committed = JSON.createArrayNode();
            JsonNode decided = JSON.createArrayNode();
            while (System.nanoTime() < deadline && (committed.isEmpty() || decided.isEmpty())) {
                Thread.sleep(1000);
                decided = JSON.readTree(app.get("/api/v1/clusters/demo/decisions").body());
                committed = JSON.readTree(app.get("/api/v1/clusters/demo/shadows?state=COMMITTED").body());
            }
            assertTrue(decided.size() > 0, "a demo decision within two minutes");
            assertTrue(committed.size() > 0, "a demo shadow COMMITTED within two minutes");
            committedShadow = committed.get(0).get("id").asText();
            JsonNode history = JSON.readTree(app.get("/api/v1/shadows/" + committedShadow + "/history").body());
            assertEquals("RESERVED", history.get(0).get("toState").asText());
            assertEquals("COMMITTED", history.get(history.size() - 1).get("toState").asText());
            JsonNode explained = JSON.readTree(app.get("/api/v1/decisions/" + decided.get(0).get("id").asText()).body());
            assertTrue(explained.get("explanation").get("explanation").get("criteria").size() > 0, "the explanation has its criteria");
            String vm = decided.get(0).get("vmId").asText();
            JsonNode forecast = JSON.readTree(app.get("/api/v1/clusters/demo/vms/" + vm + "/forecast").body());
            assertTrue(forecast.get("forecasts").get("cpu_mhz").get("point").size() > 0, "the moved VM has a CPU forecast");
            assertTrue(app.get("/q/metrics").body().contains("pwb_planning_cycle_seconds_count{cluster=\"demo\"}"));
            decisions = decided.size();
        }
        try (PwbApp again = new PwbApp(Map.of(), workDir).start()) {
            assertEquals(200, again.get("/api/v1/shadows/" + committedShadow).statusCode(), "the shadow survives a restart");
            assertTrue(JSON.readTree(again.get("/api/v1/clusters/demo/decisions").body()).size() >= decisions);
            assertEquals("COMMITTED", JSON.readTree(again.get("/api/v1/shadows/" + committedShadow).body()).get("state").asText());
        }
    }
}
