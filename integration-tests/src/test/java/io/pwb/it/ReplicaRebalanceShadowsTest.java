package io.pwb.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
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
 * Each replica holds the shadows of the clusters it owns, and only those (packaged service, PostgreSQL, in-JVM KRaft
 * broker, one consumer group, two partitions, one cluster on each). Replica A plans both clusters and holds both
 * shadows; when B joins, the rebalance moves one partition to B: A drops that cluster's shadow from its ledger
 * without touching what is stored, and B restores it. Then A restarts while B owns both clusters: the restarted A
 * loads no shadow of a cluster it does not own, so after the next rebalance each shadow is held by one replica.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaRebalanceShadowsTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "pwb.samples.rebalance." + run;
    private final String group = "pwb-rebalance-" + run;
    private final String token = "rebalance-" + run;
    private Services services;
    private String jdbcUrl;
    private KafkaProducer<String, String> producer;
    private final List<PwbApp> started = new ArrayList<>();

    @BeforeAll
    void services() throws Exception {
        LocalServices.requirePostgres();
        services = LocalServices.get();
        jdbcUrl = services.freshDatabase("pwb_rebalance");
        services.createTopics(topic, 2);
        producer = services.producer();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (producer != null) {
            producer.close();
        }
        for (PwbApp r : started) {
            r.stop();
        }
    }

    private PwbApp replica() throws Exception {
        Path workDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pwb-rebalance-");
        Map<String, String> p = services.serviceSettings(jdbcUrl, workDir, topic);
        p.put("pwb.api.token", token);
        p.put("pwb.ingest.consumer-group", group);
        p.put("pwb.shadows.timeout", "30m"); // the reservations outlive every hand-over
        PwbApp r = new PwbApp(p, workDir);
        started.add(r);
        return r.start();
    }

    @Test
    void aRebalanceMovesTheShadowsWithTheClusterAndARestartLoadsOnlyOwnedOnes() throws Exception {
        OverloadedCluster[] clusters = {cluster(0), cluster(1)};
        PwbApp a = replica();
        AbstractServiceTest.await("A holds the partitions", WAIT, () -> services.groupIsSplit(group, topic, 1));
        for (OverloadedCluster c : clusters) {
            c.create(a, token).publishHistory();
        }
        AbstractServiceTest.await("a shadow in each cluster", WAIT, () -> reserved(clusters[0]) + reserved(clusters[1]) == 2);
        AbstractServiceTest.await("A's ledger holds both", WAIT, () -> OverloadedCluster.reservedInLedger(a) == 2);
        List<JsonNode> before = List.of(onlyShadow(clusters[0]), onlyShadow(clusters[1]));

        PwbApp b = replica();
        AbstractServiceTest.await("A and B split the partitions", WAIT, () -> services.groupIsSplit(group, topic, 2));
        for (OverloadedCluster c : clusters) {
            c.publishStep(1, null, null); // B learns which cluster its partition carries
        }
        AbstractServiceTest.await("one shadow on each side", WAIT, () -> OverloadedCluster.reservedInLedger(a) == 1
                && OverloadedCluster.reservedInLedger(b) == 1);
        long b0 = clusters[0].planningCycles(b);
        long b1 = clusters[1].planningCycles(b);
        assertTrue((b0 > 0) ^ (b1 > 0), "B plans exactly one of the clusters: " + b0 + " and " + b1 + " cycles");
        OverloadedCluster moved = b0 > 0 ? clusters[0] : clusters[1];
        JsonNode movedShadow = before.get(b0 > 0 ? 0 : 1);
        assertTrue(a.logText().contains("cluster " + moved.id + " handed over to another replica: 1 shadow(s) left to it"),
                a.logTail());
        assertTrue(b.logText().contains("cluster " + moved.id + " taken over: 1 shadow(s) restored"), b.logTail());
        for (int i = 0; i < clusters.length; i++) {
            JsonNode now = onlyShadow(clusters[i]);
            assertEquals(before.get(i), now, "the hand-over changes nothing stored");
            assertEquals(1, history(now.get("id").asText()).size(), "no transition on hand-over: " + now);
        }
        assertEquals("RESERVED", onlyShadow(moved).get("state").asText());
        assertEquals(movedShadow.get("id"), onlyShadow(moved).get("id"));

        // A restarts while B owns both clusters; it must not load their shadows at start
        a.stop();
        for (OverloadedCluster c : clusters) {
            c.publishStep(2, null, null);
        }
        AbstractServiceTest.await("B holds both", WAIT, () -> OverloadedCluster.reservedInLedger(b) == 2);
        PwbApp restarted = replica();
        AbstractServiceTest.await("the restarted A and B split the partitions", WAIT,
                () -> services.groupIsSplit(group, topic, 2));
        for (OverloadedCluster c : clusters) {
            c.publishStep(3, null, null);
        }
        AbstractServiceTest.await("the restarted A plans one cluster", WAIT,
                () -> clusters[0].planningCycles(restarted) + clusters[1].planningCycles(restarted) > 0);
        AbstractServiceTest.await("each shadow held by one replica", WAIT,
                () -> OverloadedCluster.reservedInLedger(restarted) == 1 && OverloadedCluster.reservedInLedger(b) == 1);
        long r0 = clusters[0].planningCycles(restarted);
        long r1 = clusters[1].planningCycles(restarted);
        assertTrue((r0 > 0) ^ (r1 > 0), "the restarted A plans exactly one cluster: " + r0 + " and " + r1 + " cycles");
        for (OverloadedCluster c : clusters) {
            assertEquals(1, history(onlyShadow(c).get("id").asText()).size(), "still only RESERVED: " + onlyShadow(c));
        }
    }

    /** A cluster whose samples go to {@code partition} (the producer's default partitioner: murmur2 of the key). */
    private OverloadedCluster cluster(int partition) {
        for (int n = 0; ; n++) {
            String id = "rb-" + run + "-" + n;
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 2 == partition) {
                return new OverloadedCluster(id, topic, producer);
            }
        }
    }

    private long reserved(OverloadedCluster c) {
        return read("/api/v1/clusters/" + c.id + "/shadows?state=RESERVED").size();
    }

    private JsonNode onlyShadow(OverloadedCluster c) {
        JsonNode all = read("/api/v1/clusters/" + c.id + "/shadows");
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private JsonNode history(String shadowId) {
        return read("/api/v1/shadows/" + shadowId + "/history");
    }

    private JsonNode read(String path) {
        return PwbApp.readFromAny(started, path);
    }
}
