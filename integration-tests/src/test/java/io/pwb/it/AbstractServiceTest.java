package io.pwb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service against a real PostgreSQL and a real Kafka broker, the packaged application running as its own
 * process. Subclasses say where the services come from (Testcontainers or locally started); the tests are the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class AbstractServiceTest {
    static final String TOKEN = "it-" + UUID.randomUUID();
    static final ObjectMapper JSON = new ObjectMapper();

    Path workDir;

    Services services;
    String jdbcUrl;
    String topic;
    String deadLetterTopic;
    PwbApp app;
    final String cluster = "it-" + UUID.randomUUID().toString().substring(0, 8);

    protected abstract Services services() throws Exception;

    @BeforeAll
    void startEverything() throws Exception {
        services = services();
        workDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pwb-it-");
        jdbcUrl = services.freshDatabase("pwb_it");
        topic = "pwb.samples." + cluster;
        deadLetterTopic = topic + ".dlq";
        services.createTopics(topic, 3);
        app = newApp().start();
        for (int h = 0; h < 3; h++) { // the hosts the samples name (samples naming others are refused or dropped)
            HttpResponse<String> r = app.send("PUT", "/api/v1/clusters/" + cluster + "/hosts/host-" + h,
                    "{\"cpuMhz\":10000,\"memoryBytes\":68719476736}", TOKEN);
            assertEquals(200, r.statusCode(), r.body());
        }
    }

    PwbApp newApp() throws Exception {
        Path tokenFile = workDir.resolve("api-token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Map<String, String> p = services.serviceSettings(jdbcUrl, workDir, topic);
        p.put("pwb.api.token-file", tokenFile.toString());
        // one warning per cluster for the whole run, however the consumer splits the records into polls
        p.put("pwb.ingest.unknown-host-warning-interval", "1h");
        return new PwbApp(p, workDir);
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (app != null) {
            app.stop();
        }
    }

    static String sample(String cluster, String vm, String host, long tsMs, double value) {
        return "{\"cluster\":\"" + cluster + "\",\"kind\":\"VM\",\"entity\":\"" + vm + "\",\"metric\":\"cpu_percent\","
                + "\"timestamp\":" + tsMs + ",\"value\":" + value + ",\"host\":\"" + host + "\"}";
    }

    KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", services.kafkaBootstrap());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("linger.ms", "5");
        return new KafkaProducer<>(p);
    }

    long countSamples(String clusterId) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, services.username(), services.password());
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM samples WHERE cluster_id = ?")) {
            ps.setString(1, clusterId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
    }

    long countQuietly(String clusterId) {
        try {
            return countSamples(clusterId);
        } catch (Exception e) {
            return -1;
        }
    }

    static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    static final int VMS = 10;
    static final int STEPS = 50;

    @Test
    @Order(1)
    void samplesPublishedToKafkaLandInPostgresAndPoisonGoesToTheDeadLetterTopic() throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int step = 0; step < STEPS; step++) {
                for (int vm = 0; vm < VMS; vm++) {
                    producer.send(new ProducerRecord<>(topic, cluster, sample(cluster, "vm-" + vm, "host-" + (vm % 3),
                            T0 + step * 300_000L, 10 + vm + step % 7)));
                }
                if (step == STEPS / 2) {
                    producer.send(new ProducerRecord<>(topic, cluster, "{this is not json"));
                    producer.send(new ProducerRecord<>(topic, cluster,
                            "{\"cluster\":\"" + cluster + "\",\"entity\":\"vm-1\",\"metric\":\"cpu_percent\",\"timestamp\":1,\"value\":-5}"));
                    // a valid ISO-8601 instant beyond epoch milliseconds: once an uncaught overflow that stopped the channel
                    producer.send(new ProducerRecord<>(topic, cluster, "{\"cluster\":\"" + cluster
                            + "\",\"entity\":\"vm-1\",\"metric\":\"cpu_percent\",\"timestamp\":\"-999999999-01-01T00:00:00Z\",\"value\":1}"));
                }
            }
            producer.flush();
        }
        long expected = (long) VMS * STEPS;
        await("all " + expected + " valid samples in PostgreSQL", Duration.ofSeconds(60), () -> countQuietly(cluster) == expected);

        List<ConsumerRecord<String, String>> dead = readAll(deadLetterTopic, 3, Duration.ofSeconds(30));
        assertEquals(3, dead.size(), "every poison message is dead-lettered");
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, String> r : dead) {
            reasons.put(r.value(), new String(r.headers().lastHeader("pwb-reason").value(), StandardCharsets.UTF_8));
            assertEquals(cluster, r.key());
        }
        assertTrue(reasons.get("{this is not json").startsWith("not JSON"), reasons.toString());
        assertTrue(reasons.values().stream().anyMatch(r -> r.contains("value must be finite and not negative")), reasons.toString());
        assertTrue(reasons.values().stream().anyMatch(r -> r.contains("timestamp out of range")), reasons.toString());
    }

    @Test
    @Order(2)
    void duplicatesAreIdempotentAndTheStreamKeepsFlowing() throws Exception {
        long before = countSamples(cluster);
        try (KafkaProducer<String, String> producer = producer()) {
            for (int vm = 0; vm < VMS; vm++) { // re-delivery of the first step
                producer.send(new ProducerRecord<>(topic, cluster, sample(cluster, "vm-" + vm, "host-0", T0, 99)));
            }
            producer.send(new ProducerRecord<>(topic, cluster, "[1,2,3]"));
            producer.send(new ProducerRecord<>(topic, cluster, sample(cluster, "vm-0", "host-0", T0 + STEPS * 300_000L, 12)));
            producer.flush();
        }
        await("the sample after the duplicates and the poison", Duration.ofSeconds(60), () -> countQuietly(cluster) == before + 1);
        JsonNode series = JSON.readTree(app.get("/api/v1/clusters/" + cluster + "/vms/vm-0/samples?limit=1&to="
                + Instant.ofEpochMilli(T0 + 1)).body());
        assertEquals(10.0, series.get("points").get(0).get("value").asDouble(), "the first value wins; the duplicate changed nothing");
    }

    @Test
    @Order(3)
    void writesWithoutTheTokenAreRefused() throws Exception {
        String body = "[" + sample(cluster, "vm-x", "host-0", T0, 1) + "]";
        HttpResponse<String> none = app.send("POST", "/api/v1/samples", body, null);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(401, app.send("PUT", "/api/v1/clusters/" + cluster + "/settings", "{\"mode\":\"balance\"}", "wrong").statusCode());
        assertEquals(200, app.send("PUT", "/api/v1/clusters/" + cluster + "/settings", "{\"mode\":\"balance\"}", TOKEN).statusCode());
        HttpResponse<String> accepted = app.send("POST", "/api/v1/samples", body, TOKEN);
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertFalse(app.logText().contains(TOKEN), "the token never appears in the log");
    }

    @Test
    @Order(4)
    void aRestartLosesNothing() throws Exception {
        long samplesBefore = countSamples(cluster);
        JsonNode clusterBefore = settingsOf(app.get("/api/v1/clusters/" + cluster).body());
        // set in writesWithoutTheTokenAreRefused, so not the default a lost row would come back as (advisory)
        assertEquals("balance", clusterBefore.path("mode").asText(), clusterBefore.toString());
        Map<String, JsonNode> vmsBefore = vmsOf(app.get("/api/v1/clusters/" + cluster + "/vms").body());
        assertEquals(VMS + 1, vmsBefore.size(), vmsBefore.keySet().toString()); // vm-0.. and the REST sample's vm-x
        String decisionsBefore = app.get("/api/v1/clusters/" + cluster + "/decisions").body();
        String shadowsBefore = app.get("/api/v1/clusters/" + cluster + "/shadows").body();
        app.stop();
        // published while the service is down: consumed after the restart from the committed offset
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, cluster, sample(cluster, "vm-1", "host-0", T0 + (STEPS + 1) * 300_000L, 20)));
            producer.flush();
        }
        app = newApp().start();
        assertEquals(clusterBefore, settingsOf(app.get("/api/v1/clusters/" + cluster).body()));
        assertEquals(JSON.readTree(decisionsBefore), JSON.readTree(app.get("/api/v1/clusters/" + cluster + "/decisions").body()));
        assertEquals(JSON.readTree(shadowsBefore), JSON.readTree(app.get("/api/v1/clusters/" + cluster + "/shadows").body()));
        await("the sample published during the restart", Duration.ofSeconds(60), () -> countQuietly(cluster) == samplesBefore + 1);
        // after that sample, whose VM and host (host-0, where the duplicates left every VM) are already stored
        assertEquals(vmsBefore, vmsOf(app.get("/api/v1/clusters/" + cluster + "/vms").body()));
    }

    @Test
    @Order(5)
    void forecastsAndDecisionsAppearThroughRest() throws Exception {
        String c = cluster + "-plan";
        String settings = app.send("PUT", "/api/v1/clusters/" + c + "/settings", "{\"mode\":\"balance\",\"trainingSeconds\":0}", TOKEN).body();
        assertTrue(settings.contains("\"mode\":\"balance\""), settings);
        for (String host : List.of("host-a", "host-b")) {
            HttpResponse<String> r = app.send("PUT", "/api/v1/clusters/" + c + "/hosts/" + host,
                    "{\"cpuMhz\":10000,\"memoryBytes\":68719476736}", TOKEN);
            assertEquals(200, r.statusCode(), r.body());
        }
        for (int vm = 0; vm < 4; vm++) {
            HttpResponse<String> r = app.send("PUT", "/api/v1/clusters/" + c + "/vms/vm-" + vm,
                    "{\"hostId\":\"host-a\",\"vcpus\":2,\"cpuMhz\":5000,\"memoryBytes\":2147483648}", TOKEN);
            assertEquals(200, r.statusCode(), r.body());
        }
        // four busy VMs on host-a (about 96 % of it), host-b empty: a predicted overload with a safe target
        long step = 300_000L;
        long start = (System.currentTimeMillis() / step - 60) * step;
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i <= 60; i++) {
                for (int vm = 0; vm < 4; vm++) {
                    double mhz = 2300 + 100 * ((i + vm) % 3);
                    producer.send(new ProducerRecord<>(topic, c, "{\"cluster\":\"" + c + "\",\"entity\":\"vm-" + vm
                            + "\",\"metric\":\"cpu_mhz\",\"timestamp\":" + (start + i * step) + ",\"value\":" + mhz + ",\"host\":\"host-a\"}"));
                }
            }
            producer.flush();
        }
        await("samples of the planning cluster stored", Duration.ofSeconds(60), () -> countQuietly(c) == 4L * 61);
        JsonNode forecast = JSON.readTree(app.get("/api/v1/clusters/" + c + "/vms/vm-0/forecast").body());
        JsonNode cpu = forecast.get("forecasts").get("cpu_mhz");
        assertTrue(cpu.get("horizonSteps").asInt() > 0 && cpu.get("upper").size() == cpu.get("horizonSteps").asInt(), forecast.toString());
        assertTrue(cpu.get("upper").get(0).asDouble() >= cpu.get("point").get(0).asDouble(), forecast.toString());
        JsonNode[] decisions = new JsonNode[1];
        await("a decision for the overloaded host", Duration.ofSeconds(60), () -> {
            try {
                decisions[0] = JSON.readTree(app.get("/api/v1/clusters/" + c + "/decisions").body());
                return decisions[0].size() > 0;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode d = decisions[0].get(0);
        assertEquals("host-a", d.get("sourceHostId").asText());
        assertEquals("host-b", d.get("targetHostId").asText());
        JsonNode explained = JSON.readTree(app.get("/api/v1/decisions/" + d.get("id").asText()).body());
        assertEquals("RELIEVE_OVERLOAD", explained.get("explanation").get("kind").asText());
        JsonNode shadows = JSON.readTree(app.get("/api/v1/clusters/" + c + "/shadows").body());
        assertTrue(shadows.size() > 0 && shadows.get(0).get("state").asText().equals("RESERVED"), shadows.toString());
    }

    @Test
    @Order(6)
    void kafkaSamplesNamingHostsTheirClusterLacksAreDroppedCountedAndWarnedAboutOnce() throws Exception {
        String c = cluster + "-ghosts";
        assertEquals(200, app.send("PUT", "/api/v1/clusters/" + c + "/hosts/h1", "{\"cpuMhz\":10000,\"memoryBytes\":68719476736}",
                TOKEN).statusCode());
        String counter = "pwb_samples_unknown_host_total{cluster=\"" + c + "\"} ";
        // two rounds, the second published once the first is consumed: at least two polls drop samples
        for (int round = 0; round < 2; round++) {
            try (KafkaProducer<String, String> producer = producer()) {
                for (int i = 15 * round; i < 15 * (round + 1); i++) {
                    long ts = T0 + i * 300_000L;
                    producer.send(new ProducerRecord<>(topic, c, sample(c, "vm-" + i % 5, "ghost", ts, 10)));
                    producer.send(new ProducerRecord<>(topic, c, "{\"cluster\":\"" + c + "\",\"kind\":\"HOST\",\"entity\":\"h9\","
                            + "\"metric\":\"cpu_percent\",\"timestamp\":" + ts + ",\"value\":50}"));
                    producer.send(new ProducerRecord<>(topic, c, sample(c, "vm-known", "h1", ts, 20)));
                }
                producer.flush();
            }
            long known = 15L * (round + 1);
            await(known + " samples of the known host stored", Duration.ofSeconds(60), () -> countQuietly(c) == known);
            await(2 * known + " dropped samples counted", Duration.ofSeconds(30),
                    () -> app.metrics().contains(counter + (2.0 * known)));
        }
        JsonNode vms = JSON.readTree(app.get("/api/v1/clusters/" + c + "/vms").body());
        assertEquals(1, vms.size(), "no VM was placed on the unknown host: " + vms);
        assertEquals("h1", vms.get(0).get("hostId").asText());
        await("the warning in the log", Duration.ofSeconds(30), () -> warningsAbout(c).size() > 0);
        List<String> warnings = warningsAbout(c);
        assertEquals(1, warnings.size(), "one warning, not one per sample: " + warnings);
        assertTrue(warnings.get(0).contains("ghost"), warnings.get(0));
    }

    private List<String> warningsAbout(String clusterId) {
        try {
            return app.logText().lines().filter(l -> l.contains("dropped") && l.contains("cluster " + clusterId + " ")).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** The VMs by id, as stored: without updatedAt, which the sample published during the restart moves on. */
    static Map<String, JsonNode> vmsOf(String vmsJson) throws Exception {
        Map<String, JsonNode> byId = new java.util.TreeMap<>();
        for (JsonNode vm : JSON.readTree(vmsJson)) {
            byId.put(vm.path("id").asText(), ((com.fasterxml.jackson.databind.node.ObjectNode) vm).without("updatedAt"));
        }
        return byId;
    }

    /** A cluster as stored: without this replica's in-memory planning status, which a restart starts afresh. */
    static JsonNode settingsOf(String clusterJson) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(clusterJson);
        node.remove("planning");
        return node;
    }

    List<ConsumerRecord<String, String>> readAll(String fromTopic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", services.kafkaBootstrap());
        p.put("group.id", "it-reader-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(fromTopic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }
}
