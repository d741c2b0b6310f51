package io.pwb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster changes hands between two replicas of the packaged service (PostgreSQL, in-JVM KRaft broker, one
 * consumer group): replica A plans a move and reserves its shadow, A stops, Kafka hands the cluster's partition to
 * B, and B continues that same shadow (its ledger holds it, it plans no second move for the VM while the move is
 * pending) until the shadow is COMMITTED on B's observation of the target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaTakeoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STEP_MS = 300_000L;
    private static final int VMS = 4;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "pwb.samples.takeover." + run;
    private final String group = "pwb-takeover-" + run;
    private final String token = "takeover-" + run;
    private final String cluster = "tk-" + run;
    private Services services;
    private String jdbcUrl;
    private final List<PwbApp> replicas = new ArrayList<>();
    private KafkaProducer<String, String> producer;

    @BeforeAll
    void startTwoReplicas() throws Exception {
        if (!LocalServices.postgresAvailable()) {
            Assumptions.assumeFalse(ServiceOnLocalServicesTest.dockerAvailable(), "no local PostgreSQL; needs one (see .ci/run)");
        }
        services = LocalServices.get();
        jdbcUrl = services.freshDatabase("pwb_takeover");
        services.createTopics(topic, 2);
        for (int i = 0; i < 2; i++) { // one after the other: the first one creates the schema
            replicas.add(replica().start());
        }
        producer = services.producer();
    }

    private PwbApp replica() throws Exception {
        Path workDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pwb-takeover-");
        Map<String, String> p = services.serviceSettings(jdbcUrl, workDir, topic);
        p.put("pwb.api.token", token);
        p.put("pwb.ingest.consumer-group", group);
        p.put("pwb.shadows.timeout", "30m"); // the reservation outlives the hand-over
        p.put("pwb.shadows.verification", "4s");
        return new PwbApp(p, workDir);
    }

    @AfterAll
    void stopReplicas() throws InterruptedException {
        if (producer != null) {
            producer.close();
        }
        for (PwbApp r : replicas) {
            r.stop();
        }
    }

    @Test
    void theNewOwnerContinuesTheOldOwnersShadowWithoutADuplicateDecision() throws Exception {
        AbstractServiceTest.await("both replicas hold partitions of " + topic, Duration.ofSeconds(90), this::groupIsSplit);
        PwbApp any = replicas.get(0);
        assertEquals(200, any.send("PUT", "/api/v1/clusters/" + cluster + "/settings",
                "{\"mode\":\"balance\",\"trainingSeconds\":0}", token).statusCode());
        for (String host : List.of("host-a", "host-b")) {
            HttpResponse<String> r = any.send("PUT", "/api/v1/clusters/" + cluster + "/hosts/" + host,
                    "{\"cpuMhz\":10000,\"memoryBytes\":68719476736}", token);
            assertEquals(200, r.statusCode(), r.body());
        }
        for (int vm = 0; vm < VMS; vm++) {
            HttpResponse<String> r = any.send("PUT", "/api/v1/clusters/" + cluster + "/vms/vm-" + vm,
                    "{\"hostId\":\"host-a\",\"vcpus\":2,\"cpuMhz\":5000,\"memoryBytes\":2147483648}", token);
            assertEquals(200, r.statusCode(), r.body());
        }
        // four busy VMs on host-a (about 96 % of it), host-b empty: a predicted overload with one safe move
        long currentStep = System.currentTimeMillis() / STEP_MS * STEP_MS;
        for (int i = -60; i <= 0; i++) {
            publishStep(currentStep + i * STEP_MS, i, null, null);
        }

        AbstractServiceTest.await("a shadow for the overloaded host", Duration.ofSeconds(90), () -> shadows().size() > 0);
        JsonNode shadow = shadows().get(0);
        String shadowId = shadow.get("id").asText();
        String vm = shadow.get("vmId").asText();
        assertEquals("RESERVED", shadow.get("state").asText(), shadow.toString());
        assertEquals("host-b", shadow.get("targetHostId").asText());
        int owner = planningCycles(0) > 0 ? 0 : 1;
        int other = 1 - owner;
        assertEquals(0, planningCycles(other), "the cluster is planned by one replica only");
        assertEquals(1L, reservedInLedger(owner), "the owner's ledger holds the shadow");

        replicas.get(owner).stop();

        // Kafka hands the partition over: the next step (all VMs still on host-a) goes to the other replica
        publishStep(currentStep + STEP_MS, 1, null, null);
        AbstractServiceTest.await("the other replica plans the cluster", Duration.ofSeconds(90), () -> planningCycles(other) >= 3);
        assertEquals(1L, reservedInLedger(other), "the new owner's ledger holds the old owner's shadow");
        assertTrue(replicas.get(other).logText().contains("cluster " + cluster + " taken over: 1 shadow(s) restored"),
                "the take-over is logged");
        JsonNode all = shadows();
        assertEquals(1, all.size(), "no second shadow for a VM whose move is pending: " + all);
        assertEquals(1, decisions().size(), "no duplicate decision: " + decisions());

        // the platform moves the VM; the new owner sees it on host-b and verifies the move with the next samples
        publishStep(currentStep + 2 * STEP_MS, 2, vm, "host-b");
        AbstractServiceTest.await("the shadow committed by the new owner", Duration.ofSeconds(90),
                () -> "COMMITTED".equals(state(shadowId)));
        List<String> path = new ArrayList<>();
        String committedBecause = null;
        for (JsonNode t : JSON.readTree(replicas.get(other).get("/api/v1/shadows/" + shadowId + "/history").body())) {
            path.add(t.get("toState").asText());
            if ("COMMITTED".equals(t.get("toState").asText())) {
                committedBecause = t.get("reason").asText();
            }
        }
        assertEquals(List.of("RESERVED", "MIGRATING", "VERIFYING", "COMMITTED"), path);
        assertTrue(committedBecause.contains("1 observation(s) of the target"), committedBecause);
        assertEquals(1, shadows().size());
        assertEquals(1, decisions().size());
        assertEquals(0L, reservedInLedger(other));
    }

    /** One 5-minute step of CPU samples of the four VMs, all on host-a except {@code movedVm} on {@code movedTo}. */
    private void publishStep(long tsMs, int i, String movedVm, String movedTo) throws Exception {
        for (int v = 0; v < VMS; v++) {
            String id = "vm-" + v;
            String host = id.equals(movedVm) ? movedTo : "host-a";
            double mhz = 2300 + 100 * (((i % 3) + 3 + v) % 3);
            producer.send(new ProducerRecord<>(topic, cluster, "{\"cluster\":\"" + cluster + "\",\"entity\":\"" + id
                    + "\",\"metric\":\"cpu_mhz\",\"timestamp\":" + tsMs + ",\"value\":" + mhz + ",\"host\":\"" + host + "\"}"));
        }
        producer.flush();
    }

    private JsonNode shadows() {
        return read("/api/v1/clusters/" + cluster + "/shadows");
    }

    private JsonNode decisions() {
        return read("/api/v1/clusters/" + cluster + "/decisions");
    }

    private String state(String shadowId) {
        return read("/api/v1/shadows/" + shadowId).path("state").asText();
    }

    /** Reads from whichever replica is running (both read the same database). */
    private JsonNode read(String path) {
        for (PwbApp r : replicas) {
            try {
                return JSON.readTree(r.get(path).body());
            } catch (Exception stopped) {
                // try the other one
            }
        }
        throw new IllegalStateException("no replica answers " + path);
    }

    private long planningCycles(int replica) {
        Matcher m = Pattern.compile("^pwb_planning_cycle_seconds_count\\{[^}]*cluster=\"" + Pattern.quote(cluster)
                + "\"[^}]*\\} (\\S+)", Pattern.MULTILINE).matcher(metrics(replica));
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    /** RESERVED shadows held by the replica's ledger (the pwb_shadows gauge). */
    private long reservedInLedger(int replica) {
        Matcher m = Pattern.compile("^pwb_shadows\\{[^}]*state=\"RESERVED\"[^}]*\\} (\\S+)", Pattern.MULTILINE)
                .matcher(metrics(replica));
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    private String metrics(int replica) {
        return replicas.get(replica).metrics();
    }

    private boolean groupIsSplit() {
        return services.groupIsSplit(group, topic, 2);
    }
}
