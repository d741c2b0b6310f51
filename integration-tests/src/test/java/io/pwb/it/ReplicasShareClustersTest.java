package io.pwb.it;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the packaged service in one consumer group, on the same PostgreSQL and Kafka: Kafka splits the
 * partitions (and so the clusters, the record key) between them, each sample is stored once, and each cluster is
 * planned by exactly the replica that receives its samples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicasShareClustersTest {
    private static final int PARTITIONS = 4;
    private static final int CLUSTERS = 8;
    private static final int VMS = 5;
    private static final int STEPS = 20;
    private static final Pattern PLANNED = Pattern.compile("^pwb_planning_cycle_seconds_count\\{[^}]*cluster=\"([^\"]+)\"", Pattern.MULTILINE);
    private static final Pattern RECEIVED = Pattern.compile("^pwb_samples_received_total(?:\\{[^}]*\\})? (\\S+)", Pattern.MULTILINE);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "pwb.samples.replicas." + run;
    private final String group = "pwb-replicas-" + run;
    private Services services;
    private String jdbcUrl;
    private final List<PwbApp> replicas = new ArrayList<>();

    @BeforeAll
    void startTwoReplicas() throws Exception {
        LocalServices.requirePostgres();
        services = LocalServices.get();
        jdbcUrl = services.freshDatabase("pwb_replicas");
        services.createTopics(topic, PARTITIONS);
        for (int i = 0; i < 2; i++) { // one after the other: the first one creates the schema
            replicas.add(replica().start());
        }
    }

    private PwbApp replica() throws Exception {
        Path workDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pwb-replica-");
        Map<String, String> p = services.serviceSettings(jdbcUrl, workDir, topic);
        p.put("pwb.api.token", "replicas-" + run);
        p.put("pwb.ingest.consumer-group", group);
        return new PwbApp(p, workDir);
    }

    @AfterAll
    void stopReplicas() throws InterruptedException {
        for (PwbApp r : replicas) {
            r.stop();
        }
    }

    @Test
    void eachClusterIsOwnedByOneReplicaAndEverySampleLandsOnce() throws Exception {
        AbstractServiceTest.await("both replicas hold partitions of " + topic, Duration.ofSeconds(90), this::groupIsSplit);

        Map<String, Integer> partitionOfCluster = new TreeMap<>();
        Map<String, Integer> samplesOfCluster = new HashMap<>();
        long t0 = java.time.Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
        List<String> clusters = clustersOverAllPartitions();
        for (String cluster : clusters) { // samples may only name hosts their cluster has
            for (int h = 0; h < 2; h++) {
                HttpResponse<String> r = replicas.get(0).send("PUT", "/api/v1/clusters/" + cluster + "/hosts/host-" + h,
                        "{\"cpuMhz\":10000,\"memoryBytes\":68719476736}", "replicas-" + run);
                assertEquals(200, r.statusCode(), r.body());
            }
        }
        try (KafkaProducer<String, String> producer = services.producer()) {
            for (String cluster : clusters) {
                for (int step = 0; step < STEPS; step++) {
                    for (int v = 0; v < VMS; v++) {
                        RecordMetadata m = producer.send(new ProducerRecord<>(topic, cluster, AbstractServiceTest.sample(cluster,
                                "vm-" + v, "host-" + v % 2, t0 + step * 300_000L, 10 + v + step % 7))).get(30, TimeUnit.SECONDS);
                        Integer before = partitionOfCluster.put(cluster, m.partition());
                        assertTrue(before == null || before == m.partition(), "a cluster's records share one partition");
                        samplesOfCluster.merge(cluster, 1, Integer::sum);
                    }
                }
            }
        }
        int published = CLUSTERS * STEPS * VMS;
        AbstractServiceTest.await("all " + published + " samples stored", Duration.ofSeconds(90), () -> storedSamples() == published);
        AbstractServiceTest.await("every cluster planned", Duration.ofSeconds(90), () -> planned(0).size() + planned(1).size() >= CLUSTERS);

        Set<String> first = planned(0);
        Set<String> second = planned(1);
        assertFalse(first.isEmpty(), "the first replica plans some clusters");
        assertFalse(second.isEmpty(), "the second replica plans some clusters");
        Set<String> both = new HashSet<>(first);
        both.retainAll(second);
        assertTrue(both.isEmpty(), "no cluster is planned by both replicas: " + both);
        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        assertEquals(partitionOfCluster.keySet(), all, "every cluster is planned by one replica");
        for (String a : partitionOfCluster.keySet()) { // clusters follow their partition
            for (String b : partitionOfCluster.keySet()) {
                if (partitionOfCluster.get(a).equals(partitionOfCluster.get(b))) {
                    assertEquals(first.contains(a), first.contains(b), a + " and " + b + " share a partition, so a replica");
                }
            }
        }
        // every sample was received by the replica that owns its cluster, and only there
        assertEquals(first.stream().mapToInt(samplesOfCluster::get).sum(), received(0), "samples received by the first replica");
        assertEquals(second.stream().mapToInt(samplesOfCluster::get).sum(), received(1), "samples received by the second replica");
        assertEquals(published, storedSamples(), "each sample stored once");
    }

    /** Cluster ids whose keys fall evenly on every partition (Kafka's default partitioner), so both replicas get some. */
    private List<String> clustersOverAllPartitions() {
        int[] perPartition = new int[PARTITIONS];
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < CLUSTERS; i++) {
            String id = "rc-" + run + "-" + i;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (perPartition[partition] < CLUSTERS / PARTITIONS) {
                perPartition[partition]++;
                ids.add(id);
            }
        }
        return ids;
    }

    private boolean groupIsSplit() {
        return services.groupIsSplit(group, topic, 2);
    }

    private Set<String> planned(int replica) {
        Set<String> clusters = new HashSet<>();
        Matcher m = PLANNED.matcher(metrics(replica));
        while (m.find()) {
            if (m.group(1).startsWith("rc-" + run)) {
                clusters.add(m.group(1));
            }
        }
        return clusters;
    }

    private long received(int replica) {
        Matcher m = RECEIVED.matcher(metrics(replica));
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private String metrics(int replica) {
        return replicas.get(replica).metrics();
    }

    private long storedSamples() {
        try (Connection c = DriverManager.getConnection(jdbcUrl, services.username(), services.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM samples")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }
}
