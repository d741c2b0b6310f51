package io.pwb.it.ovirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.it.PwbApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application on its embedded H2 database, collecting from the HTTPS oVirt engine stub: the collected
 * samples are stored like REST and Kafka samples, so after a restart, with the engine unreachable, the VM's samples
 * are still there and its forecasters were warmed up from them (no retraining from scratch).
 */
class OvirtSamplesSurviveRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void collectedSamplesAreStoredAndWarmTheForecastersAfterARestart() throws Exception {
        Path dir = Files.createTempDirectory("pwb-ovirt-restart");
        SelfSignedTls tls = new SelfSignedTls(dir);
        String password = "stub-" + System.nanoTime();
        OvirtEngineStub stub = new OvirtEngineStub(tls.serverContext(), OvirtEngineStubResource.USER, password);
        try {
            OvirtEngineStub.StubHost a = stub.addHost("ovirt-a", 8, 2600, 64L << 30);
            a.cpuUserPercent = 40;
            OvirtEngineStub.StubVm web = stub.addVm("ovirt-web", 4, 8L << 30, a);
            web.cpuGuestPercent = 60;
            Map<String, String> p = new HashMap<>(OvirtEngineStubResource.collectorSettings(stub, tls, dir, password, "1s"));
            p.put("pwb.demo.enabled", "false");
            p.put("pwb.ovirt.xmlrpc.enabled", "false");
            Path workDir = Files.createDirectories(dir.resolve("pwb"));
            String samplesPath = "/api/v1/clusters/" + OvirtEngineStub.CLUSTER_ID + "/vms/" + web.id
                    + "/samples?metric=cpu_percent&limit=1000";

            JsonNode stored;
            try (PwbApp app = new PwbApp(p, workDir).start()) {
                JsonNode[] samples = new JsonNode[1];
                long deadline = System.nanoTime() + 60_000_000_000L;
                do {
                    Thread.sleep(250);
                    samples[0] = JSON.readTree(app.get(samplesPath).body()).path("points");
                } while (!(samples[0].isArray() && samples[0].size() >= 3) && System.nanoTime() < deadline);
                assertTrue(samples[0].isArray() && samples[0].size() >= 3, "collected samples of the oVirt VM stored: "
                        + samples[0]);
                assertEquals(60.0, samples[0].get(0).get("value").asDouble(), 1e-9, samples[0].toString());
                stored = samples[0];
                assertTrue(app.get("/q/metrics").body().lines()
                        .anyMatch(l -> l.startsWith("pwb_samples_stored_total") && !l.endsWith(" 0.0")), "counted as stored");
            }

            stub.down = true; // the engine is unreachable after the restart: only the database can help
            try (PwbApp again = new PwbApp(p, workDir).start()) {
                JsonNode samples = JSON.readTree(again.get(samplesPath).body()).path("points");
                // Oldest first: every point read before the restart comes back unchanged, in its place (a few more
                // may follow, collected between that read and the stop).
                assertTrue(samples.size() >= stored.size(), "samples lost: " + samples + " after " + stored);
                for (int i = 0; i < stored.size(); i++) {
                    assertEquals(stored.get(i), samples.get(i), "point " + i + " after the restart: " + samples);
                }
                JsonNode forecast = JSON.readTree(again.get("/api/v1/clusters/" + OvirtEngineStub.CLUSTER_ID + "/vms/"
                        + web.id + "/forecast").body());
                JsonNode cpu = forecast.path("forecasts").path("cpu_percent");
                assertTrue(cpu.path("point").size() > 0, "forecasters warmed up from the stored samples: " + forecast);
                assertTrue(again.logText().contains("forecasters warmed up with"), again.logTail());
            }
        } finally {
            stub.close();
        }
    }
}
