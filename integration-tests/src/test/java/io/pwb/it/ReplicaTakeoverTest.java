package io.pwb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
        LocalServices.requirePostgres();
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
        OverloadedCluster tk = new OverloadedCluster(cluster, topic, producer).create(replicas.get(0), token);
        tk.publishHistory();

        AbstractServiceTest.await("a shadow for the overloaded host", Duration.ofSeconds(90), () -> shadows().size() > 0);
        JsonNode shadow = shadows().get(0);
        String shadowId = shadow.get("id").asText();
        String vm = shadow.get("vmId").asText();
        assertEquals("RESERVED", shadow.get("state").asText(), shadow.toString());
        assertEquals("host-b", shadow.get("targetHostId").asText());
        long c0 = tk.planningCycles(replicas.get(0));
        long c1 = tk.planningCycles(replicas.get(1));
        assertTrue((c0 > 0) ^ (c1 > 0), "exactly one replica plans the cluster: " + c0 + " and " + c1 + " cycles");
        PwbApp owner = replicas.get(c0 > 0 ? 0 : 1);
        PwbApp other = replicas.get(c0 > 0 ? 1 : 0);
        assertTrue(OverloadedCluster.reservedInLedger(other) <= 0, "the other replica's ledger holds none of its shadows");
        assertEquals(1L, OverloadedCluster.reservedInLedger(owner), "the owner's ledger holds the shadow");

        owner.stop();

        // Kafka hands the partition over: the next step (all VMs still on host-a) goes to the other replica
        tk.publishStep(1, null, null);
        AbstractServiceTest.await("the other replica plans the cluster", Duration.ofSeconds(90), () -> tk.planningCycles(other) >= 3);
        assertEquals(1L, OverloadedCluster.reservedInLedger(other), "the new owner's ledger holds the old owner's shadow");
        assertTrue(other.logText().contains("cluster " + cluster + " taken over: 1 shadow(s) restored"),
                "the take-over is logged");
        JsonNode all = shadows();
        assertEquals(1, all.size(), "no second shadow for a VM whose move is pending: " + all);
        assertEquals(1, decisions().size(), "no duplicate decision: " + decisions());

        // the platform moves the VM; the new owner sees it on host-b and verifies the move with the next samples
        tk.publishStep(2, vm, "host-b");
        AbstractServiceTest.await("the shadow committed by the new owner", Duration.ofSeconds(90),
                () -> "COMMITTED".equals(state(shadowId)));
        List<String> path = new ArrayList<>();
        String committedBecause = null;
        for (JsonNode t : JSON.readTree(other.get("/api/v1/shadows/" + shadowId + "/history").body())) {
            path.add(t.get("toState").asText());
            if ("COMMITTED".equals(t.get("toState").asText())) {
                committedBecause = t.get("reason").asText();
            }
        }
        assertEquals(List.of("RESERVED", "MIGRATING", "VERIFYING", "COMMITTED"), path);
        assertTrue(committedBecause.contains("1 observation(s) of the target"), committedBecause);
        assertEquals(1, shadows().size());
        assertEquals(1, decisions().size());
        assertEquals(0L, OverloadedCluster.reservedInLedger(other));
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

    private JsonNode read(String path) {
        return PwbApp.readFromAny(replicas, path);
    }

    private boolean groupIsSplit() {
        return services.groupIsSplit(group, topic, 2);
    }
}
