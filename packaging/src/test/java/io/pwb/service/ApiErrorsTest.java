package io.pwb.service;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.runtime.SampleSink;
import io.pwb.service.ingest.DatabaseSampleSink;
import io.pwb.service.planning.PlanningLoop;
import io.pwb.service.store.ClusterSettingsStore;
import io.pwb.service.store.SampleStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad writes are refused with a problem that says why, before they can reach the planner; server faults are 500s. */
@QuarkusTest
@TestProfile(ServiceApiTest.Profile.class)
class ApiErrorsTest {
    static final String PROBLEM = "application/problem+json";

    @Inject
    PlanningLoop planning;
    @Inject
    ClusterSettingsStore clusters;
    @Inject
    DatabaseSampleSink collected;
    @Inject
    SampleStore samples;

    @TestHTTPResource("/")
    URL root;

    final String cluster = "e-" + UUID.randomUUID().toString().substring(0, 8);

    static RequestSpecification write() {
        return given().auth().oauth2("test-token").contentType(ContentType.JSON);
    }

    private void host(String c, String h) {
        write().body("{\"cpuMhz\":10000,\"memoryBytes\":68719476736}").put("/api/v1/clusters/" + c + "/hosts/" + h)
                .then().statusCode(200);
    }

    private void vm(String c, String v, String h) {
        write().body("{\"hostId\":\"" + h + "\",\"vcpus\":2,\"cpuMhz\":4000,\"memoryBytes\":2147483648}")
                .put("/api/v1/clusters/" + c + "/vms/" + v).then().statusCode(200);
    }

    @Test
    void writesNamingWhatTheClusterLacksAreRefused() {
        host(cluster, "h1"); // a first host creates the cluster
        write().body("{\"hostId\":\"ghost\",\"vcpus\":2,\"cpuMhz\":4000,\"memoryBytes\":2147483648}")
                .put("/api/v1/clusters/" + cluster + "/vms/vm-8").then().statusCode(422).contentType(PROBLEM)
                .body("detail", equalTo("host ghost is not in cluster " + cluster));
        vm(cluster, "vm-8", "h1");
        write().body("{\"hostId\":\"ghost\",\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"2026-01-01T02:00:00Z\"}")
                .post("/api/v1/clusters/" + cluster + "/maintenance-windows").then().statusCode(422).contentType(PROBLEM)
                .body("detail", equalTo("host ghost is not in cluster " + cluster));
        write().body("{\"hostId\":\"h1\",\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"2026-01-01T02:00:00Z\"}")
                .post("/api/v1/clusters/" + cluster + "/maintenance-windows").then().statusCode(201);
        write().body("{\"edges\":[{\"fromVmId\":\"vm-8\",\"toVmId\":\"nope-1\",\"weight\":1},{\"fromVmId\":\"nope-2\",\"toVmId\":\"vm-8\",\"weight\":1}]}")
                .put("/api/v1/clusters/" + cluster + "/dependencies").then().statusCode(422).contentType(PROBLEM)
                .body("detail", equalTo("VMs nope-1, nope-2 are not in cluster " + cluster));
        given().get("/api/v1/clusters/" + cluster + "/dependencies").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void onlySamplesSettingsAndHostsCreateAClusterOtherWritesToAnUnknownOneAre404() {
        String typo = cluster + "-typo";
        write().body("{\"hostId\":\"h1\",\"vcpus\":2,\"cpuMhz\":4000,\"memoryBytes\":2147483648}")
                .put("/api/v1/clusters/" + typo + "/vms/v1").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("no cluster '" + typo + "'"));
        write().body("{\"edges\":[]}").put("/api/v1/clusters/" + typo + "/dependencies").then().statusCode(404);
        write().body("{\"hostId\":\"h1\",\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"2026-01-01T02:00:00Z\"}")
                .post("/api/v1/clusters/" + typo + "/maintenance-windows").then().statusCode(404);
        write().body("{\"energyPricePerKwh\":0.25,\"licenceCostPerHostHour\":0,\"migrationCostPerGib\":0,\"currency\":\"EUR\"}")
                .put("/api/v1/clusters/" + typo + "/cost-model").then().statusCode(404);
        given().get("/api/v1/clusters/" + typo).then().statusCode(404);
        write().body("{\"mode\":\"balance\"}").put("/api/v1/clusters/" + typo + "/settings").then().statusCode(200)
                .body("mode", equalTo("balance"));
        given().get("/api/v1/clusters/" + typo).then().statusCode(200);
    }

    @Test
    void aClusterWhosePlanningFailsShowsItInTheApiAndTheMetrics() {
        host(cluster, "h1");
        String metric = "pwb_planning_failures_total{cluster=\"" + cluster + "\"}";
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains(metric + " 0.0"), "registered at zero when the cluster is created");
        assertTrue(metrics.contains("pwb_shadows_rollbacks_total{cluster=\"" + cluster + "\"} 0.0"), "registered at zero");
        given().get("/api/v1/clusters/" + cluster).then().statusCode(200).body("planning", nullValue());

        vm(cluster, "vm-1", "h1");
        // a platform collector reports the VM on a host PWB was never told about (REST and Kafka refuse such samples,
        // a collector's own inventory is what it reports): the cluster's inventory is inconsistent
        collected.store(List.of(new SampleSink.Collected(cluster, EntityKind.VM, "vm-1", Metric.CPU_MHZ,
                Instant.now().minusSeconds(60), 100, "ghost")));
        planning.planAndRecord(clusters.find(cluster).orElseThrow(), Instant.now());
        given().get("/api/v1/clusters/" + cluster).then().statusCode(200)
                .body("planning.state", equalTo("failing"))
                .body("planning.consecutiveFailures", equalTo(1))
                .body("planning.lastError", containsString("ghost"));
        assertTrue(given().get("/q/metrics").then().extract().asString().contains(metric + " 1.0"));
        // the inconsistency is the server's state, not the reader's mistake
        given().get("/api/v1/clusters/" + cluster + "/hosts/h1/projection").then().statusCode(500).contentType(PROBLEM)
                .body("detail", containsString("ghost"));

        host(cluster, "ghost"); // the operator registers the host: the next cycle works again
        planning.planAndRecord(clusters.find(cluster).orElseThrow(), Instant.now());
        given().get("/api/v1/clusters/" + cluster).then().statusCode(200)
                .body("planning.state", equalTo("ok")).body("planning.lastError", containsString("ghost"));
    }

    @Test
    void aBatchNamingHostsItsClusterDoesNotHaveIsA422NamingThemAndNothingIsStored() {
        host(cluster, "h1");
        String other = cluster + "-new"; // a cluster that does not exist yet has no hosts at all
        String counter = "pwb_samples_unknown_host_total{cluster=\"" + cluster + "\"}";
        Instant at = Instant.now().minusSeconds(60);
        String batch = "[" + sample(cluster, "VM", "vm-1", "h1", at) + "," + sample(cluster, "VM", "vm-2", "ghost", at)
                + "," + sample(cluster, "HOST", "h7", null, at) + "," + sample(cluster, "VM", "vm-3", "ghost", at)
                + "," + sample(other, "VM", "vm-1", "h1", at) + "," + sample(other, "VM", "vm-2", null, at) + "]";
        write().body(batch).post("/api/v1/samples").then().statusCode(422).contentType(PROBLEM)
                .body("title", equalTo("Unprocessable Content"))
                .body("detail", containsString("4 sample(s) name a host their cluster does not have"))
                .body("errors", contains("hosts ghost, h7 are not in cluster " + cluster, "host h1 is not in cluster " + other));
        assertEquals(0, samples.count(cluster), "nothing of the refused batch is stored");
        assertEquals(0, samples.count(other));
        given().get("/api/v1/clusters/" + other).then().statusCode(404); // nor was its cluster created
        assertTrue(given().get("/q/metrics").then().extract().asString().contains(counter + " 3.0"),
                "the refused samples are counted per cluster");

        host(cluster, "ghost");
        host(cluster, "h7");
        write().body("[" + sample(cluster, "VM", "vm-2", "ghost", at) + "," + sample(cluster, "HOST", "h7", null, at)
                + "," + sample(cluster, "VM", "vm-4", null, at) + "]").post("/api/v1/samples").then().statusCode(200)
                .body("stored", equalTo(3));
    }

    private static String sample(String c, String kind, String entity, String host, Instant at) {
        return "{\"cluster\":\"" + c + "\",\"kind\":\"" + kind + "\",\"entity\":\"" + entity + "\","
                + (host == null ? "" : "\"host\":\"" + host + "\",")
                + "\"metric\":\"cpu_percent\",\"timestamp\":\"" + at + "\",\"value\":10}";
    }

    @Test
    void badBodiesAndParametersAreProblemsThatSayWhatIsWrong() {
        host(cluster, "h1");
        write().body("{\"hostId\":\"h1\",\"startsAt\":\"tomorrow\",\"endsAt\":\"2026-01-01T02:00:00Z\"}")
                .post("/api/v1/clusters/" + cluster + "/maintenance-windows").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("startsAt: 'tomorrow' is not a valid ISO-8601 instant"));
        write().body("{\"cpuThreshold\":50}").put("/api/v1/clusters/" + cluster + "/settings").then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("unknown property 'cpuThreshold'"))
                .body("detail", containsString("cpuThresholdPercent"));
        write().body("{\"edges\":\"x\"}").put("/api/v1/clusters/" + cluster + "/dependencies").then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("edges: expected array"));
        write().body("{\"mode\":").put("/api/v1/clusters/" + cluster + "/settings").then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("not valid JSON"));
        given().get("/api/v1/clusters/" + cluster + "/decisions?limit=abc").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("abc"));
        write().body("[{\"cluster\":\"" + cluster + "\",\"entity\":\"v\",\"metric\":\"cpu_mhz\",\"timestamp\":\"-999999999-01-01T00:00:00Z\",\"value\":1}]")
                .post("/api/v1/samples").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0]", containsString("timestamp out of range"));
        write().body("[{\"cluster\":\"" + cluster + "\",\"entity\":\"v\",\"metric\":\"cpu_mhz\",\"timestamp\":99999999999999999999999,\"value\":1}]")
                .post("/api/v1/samples").then().statusCode(400).body("errors[0]", containsString("timestamp out of range"));
        given().get("/api/v1/clusters/" + cluster + "/vms/v/samples?from=-999999999-01-01T00:00:00Z").then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("out of range"));
    }

    @Test
    void decisionsAndShadowsOfAnUnknownClusterAre404AndTheStateFilterIsChecked() {
        host(cluster, "h1");
        given().get("/api/v1/clusters/nope-" + cluster + "/decisions").then().statusCode(404).contentType(PROBLEM);
        given().get("/api/v1/clusters/nope-" + cluster + "/shadows").then().statusCode(404).contentType(PROBLEM);
        given().get("/api/v1/clusters/" + cluster + "/shadows?state=BOGUS").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("COMMITTED"));
        given().get("/api/v1/clusters/" + cluster + "/shadows?state=committed").then().statusCode(200);
        given().get("/api/v1/clusters/" + cluster + "/shadows?state=ROLLED_BACK").then().statusCode(200);
        given().get("/api/v1/clusters/" + cluster + "/decisions").then().statusCode(200);
    }

    @Test
    void aBodyOverTheLimitIsA413ProblemNamingTheLimit() throws Exception {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/samples HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer test-token\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 40000000\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(20_000);
            String response = headAndBody(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.contains(PROBLEM), response);
            assertTrue(response.contains("larger than 33554432 bytes"), response);
        }
    }

    /** One HTTP/1.1 response: the head, then as many body bytes as its Content-Length says. */
    private static String headAndBody(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return head + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void openApiDescribesTheBearerTokenOnWrites() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/clusters/{cluster}/settings'.put.security[0]", hasKey("bearer"))
                .body("paths.'/api/v1/samples'.post.security[0]", hasKey("bearer"))
                .body("paths.'/api/v1/clusters/{cluster}'.get", not(hasKey("security")));
    }
}
