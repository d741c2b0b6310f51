package io.pwb.it.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.it.PwbApp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged application, configured with pwb.openstack.*, collects from the OpenStack stub on its own. */
class OpenStackLifecycleTest {

    @Test
    void theApplicationPollsTheCloudAndFeedsTheEngine() throws Exception {
        try (OpenStackStub stub = new OpenStackStub()) {
            stub.addHypervisor(new OpenStackStub.Hypervisor(OpenStackCollectorTest.CMP1, "cmp1.example", "cmp1", "up",
                    "enabled", 16, 65536, 500, 4.0, 0, 30.0));
            stub.addServer(new OpenStackStub.Server(OpenStackCollectorTest.WEB, "web", "active",
                    OpenStackCollectorTest.CMP1, 2, 2048, 10, 40, 1000));
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "pwb-os-").toAbsolutePath();
            Path password = dir.resolve("password");
            Files.writeString(password, "s3cret\n");
            try (PwbApp pwb = new PwbApp(Map.of("pwb.database.h2-path", dir.resolve("db/pwb").toString(),
                    "pwb.demo.enabled", "false", "pwb.openstack.auth-url", stub.authUrl(),
                    "pwb.openstack.password-file", password.toString(), "pwb.openstack.poll-interval", "1s"), dir).start()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline && stub.requests().stream()
                        .noneMatch(r -> r.path().contains("/metric/v1/resource/instance/") && r.status() == 200)) {
                    Thread.sleep(200);
                }
                assertTrue(stub.requests().stream().anyMatch(r -> r.path().endsWith("/servers/detail")),
                        stub.requests().toString());
                assertTrue(stub.requests().stream().anyMatch(r -> r.path().contains("/metric/v1/resource/instance/")
                        && r.status() == 200), "no Gnocchi read:\n" + pwb.logText());
                assertTrue(pwb.logText().contains("collecting from OpenStack " + stub.authUrl()), pwb.logText());

                // The Watcher endpoint is served by the same application.
                HttpResponse<String> shadows = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        pwb.plainUri("/api/v1/watcher/shadows")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, shadows.statusCode(), shadows.body());
            }
        }
    }

    @Test
    void prometheusMetricsAndWhatTheEngineMadeOfTheCloudAreVisibleThroughTheApi() throws Exception {
        String token = "prom-token-e2e-51c0";
        try (OpenStackStub stub = new OpenStackStub()) {
            stub.addHypervisor(new OpenStackStub.Hypervisor(OpenStackCollectorTest.CMP1, "cmp1.example", "cmp1", "up",
                    "enabled", 16, 65536, 500, 4.0, 2, 30.0));
            stub.addHypervisor(new OpenStackStub.Hypervisor(OpenStackCollectorTest.CMP2, "cmp2.example", "cmp2", "up",
                    "disabled", 16, 65536, 500, 4.0, 2, 5.0));
            stub.addServer(new OpenStackStub.Server(OpenStackCollectorTest.WEB, "web", "active",
                    OpenStackCollectorTest.CMP1, 2, 2048, 10, 40, 1000));
            stub.addServer(new OpenStackStub.Server(OpenStackCollectorTest.LOCKED, "vault", "active",
                    OpenStackCollectorTest.CMP1, 4, 4096, 20, 90, 3000, true));
            stub.addServer(new OpenStackStub.Server(OpenStackCollectorTest.CACHE, "cache", "active",
                    OpenStackCollectorTest.CMP2, 2, 2048, 10, 10, 1000));
            stub.addServerGroup("group-1", "vault-ha", "anti-affinity",
                    List.of(OpenStackCollectorTest.LOCKED, OpenStackCollectorTest.CACHE));
            stub.prometheus().requireToken(token);
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "pwb-os-").toAbsolutePath();
            Path password = dir.resolve("password");
            Files.writeString(password, "s3cret\n");
            Path tokenFile = dir.resolve("prometheus-token");
            Files.writeString(tokenFile, token + "\n");
            try (PwbApp pwb = new PwbApp(Map.of("pwb.database.h2-path", dir.resolve("db/pwb").toString(),
                    "pwb.demo.enabled", "false", "pwb.openstack.auth-url", stub.authUrl(),
                    "pwb.openstack.password-file", password.toString(), "pwb.openstack.poll-interval", "1s",
                    "pwb.openstack.history-window", "1h", "pwb.openstack.metrics-source", "prometheus",
                    "pwb.openstack.prometheus.url", stub.prometheusUrl(),
                    "pwb.openstack.prometheus.token-file", tokenFile.toString()), dir).start()) {
                JsonNode view = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline) {
                    view = getJson(pwb.plainUri("/api/v1/openstack/inventory").toString());
                    if (!view.path("observedAt").isNull() && !view.path("observedAt").isMissingNode()) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertTrue(view != null && view.path("lastCycle").path("succeeded").asBoolean(),
                        view + "\n" + pwb.logText());
                assertEquals("prometheus", view.path("metricsSource").asText());
                assertEquals(0, view.path("warnings").size(), view.path("warnings").toString());
                assertTrue(stub.requests().stream().noneMatch(r -> r.path().startsWith("/metric/")), "Gnocchi unused");

                JsonNode cmp1 = byKey(view.path("nodes"), "uuid", OpenStackCollectorTest.CMP1);
                assertEquals(2, cmp1.path("vcpuReserved").asInt());
                assertEquals(4.0, cmp1.path("vcpuAllocationRatio").asDouble(), 1e-9);
                assertEquals((16 - 2) * 4.0, cmp1.path("vcpuCapacity").asDouble(), 1e-9);
                assertEquals(30.0, cmp1.path("latestCpuPercent").asDouble(), 1e-9, "node_exporter via Prometheus");
                assertEquals(16 * 1000.0, cmp1.path("engineCpuMhz").asDouble(), 1e-6);
                assertEquals(1.0, cmp1.path("engineCpuOvercommit").asDouble(), 1e-9);
                assertEquals((65536 - 512) * 1024.0 * 1024.0, cmp1.path("engineMemoryBytes").asDouble(), 1e-3);
                assertEquals(1.5, cmp1.path("engineMemoryOvercommit").asDouble(), 1e-9);
                assertEquals("UP", cmp1.path("engineState").asText());
                JsonNode cmp2 = byKey(view.path("nodes"), "uuid", OpenStackCollectorTest.CMP2);
                assertEquals("NON_OPERATIONAL", cmp2.path("engineState").asText(), "disabled: takes no instances");

                JsonNode vault = byKey(view.path("instances"), "uuid", OpenStackCollectorTest.LOCKED);
                assertTrue(vault.path("locked").asBoolean());
                assertEquals("locked", vault.path("pinnedReason").asText());
                assertEquals(false, vault.path("engineMigratable").asBoolean(true));
                assertEquals(90.0, vault.path("latestCpuPercent").asDouble(), 1e-6, "ceilometer_cpu via Prometheus");
                JsonNode web = byKey(view.path("instances"), "uuid", OpenStackCollectorTest.WEB);
                assertEquals(true, web.path("engineMigratable").asBoolean(false));

                JsonNode group = byKey(view.path("serverGroups"), "id", "group-1");
                assertEquals("nova-server-group:group-1", group.path("engineRule").asText());
                assertEquals("anti-affinity, hard", group.path("engineRuleKind").asText());

                assertTrue(stub.prometheus().authorizations().contains("Bearer " + token));
                assertFalse(pwb.logText().contains(token), "the Prometheus token must never be logged");
            }
        }
    }

    private static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    private static JsonNode byKey(JsonNode array, String key, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(key).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + key + "=" + value + " in " + array);
    }
}
