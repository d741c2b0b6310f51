package io.pwb.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Load generator for Kafka -> PostgreSQL ingestion (not a timed test: it reports a figure, it asserts only that
 * every sample arrived). Off unless {@code -Dpwb.benchmark=true}:
 * <pre>./mvnw -B -pl integration-tests -am verify -Dtest=IngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dpwb.benchmark=true
 *   [-Dpwb.benchmark.samples=1000000 -Dpwb.benchmark.clusters=8]</pre>
 * It first fills the topic (one JSON sample per record, key = cluster), then starts the packaged service and
 * measures from its first stored sample until the last one is in PostgreSQL: sustained samples per second.
 */
class IngestBenchmark {
    @Test
    void kafkaToPostgresThroughput() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("pwb.benchmark"), "benchmark: run with -Dpwb.benchmark=true");
        int total = Integer.getInteger("pwb.benchmark.samples", 1_000_000);
        int clusters = Integer.getInteger("pwb.benchmark.clusters", 8);
        int vmsPerCluster = 100;
        Services services = LocalServices.get();
        String jdbc = services.freshDatabase("pwb_bench");
        String topic = "pwb.bench." + System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", services.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 8, (short) 1), new NewTopic(topic + ".dlq", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", services.kafkaBootstrap());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("linger.ms", "20");
        p.put("batch.size", "262144");
        p.put("compression.type", "lz4");
        long t0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < total; i++) {
                int cluster = i % clusters;
                int vm = (i / clusters) % vmsPerCluster;
                long ts = t0 + (long) (i / (clusters * vmsPerCluster)) * 60_000L;
                String c = "bench-" + cluster;
                producer.send(new ProducerRecord<>(topic, c, "{\"cluster\":\"" + c + "\",\"entity\":\"vm-" + vm
                        + "\",\"metric\":\"cpu_percent\",\"timestamp\":" + ts + ",\"value\":" + (i % 100) + ".5}"));
            }
            producer.flush();
        }
        Path dir = Files.createTempDirectory("pwb-bench-");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, services.password());
        Map<String, String> props = Map.of(
                "pwb.database.kind", "postgresql", "pwb.database.url", jdbc, "pwb.database.username", services.username(),
                "pwb.database.password-file", pw.toString(), "pwb.ingest.kafka-enabled", "true", "pwb.ingest.topic", topic,
                "pwb.ingest.dead-letter-topic", topic + ".dlq", "kafka.bootstrap.servers", services.kafkaBootstrap(),
                "pwb.demo.enabled", "false");
        try (PwbApp app = new PwbApp(props, dir).start(); Connection c = DriverManager.getConnection(jdbc, services.username(), services.password())) {
            long first = 0;
            long firstCount = 0;
            long count = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (count < total && System.nanoTime() < deadline) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM samples")) {
                    rs.next();
                    count = rs.getLong(1);
                }
                if (first == 0 && count > 0) {
                    first = System.nanoTime();
                    firstCount = count;
                }
                Thread.sleep(100);
            }
            long end = System.nanoTime();
            double seconds = (end - first) / 1e9;
            System.out.printf("%nINGEST BENCHMARK: %d samples Kafka -> PostgreSQL; %d stored after the first poll, the rest in %.1f s"
                    + " = %.0f samples/s sustained%n%n", total, firstCount, seconds, (count - firstCount) / seconds);
            org.junit.jupiter.api.Assertions.assertEquals(total, count, "every published sample is stored");
        }
    }
}
