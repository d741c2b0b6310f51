package io.pwb.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where the real PostgreSQL and Kafka of a test run are. {@code adminJdbcUrl} points at a database of a
 * server on which the user may create databases; every test class gets a fresh database of its own.
 */
public record Services(String adminJdbcUrl, String username, String password, String kafkaBootstrap) {

    /** Creates an empty database and returns its JDBC URL. */
    public String freshDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, username, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + adminJdbcUrl + ": " + e.getMessage(), e);
        }
        int slash = adminJdbcUrl.lastIndexOf('/');
        int query = adminJdbcUrl.indexOf('?', slash);
        return adminJdbcUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminJdbcUrl.substring(query));
    }

    /** Creates {@code topic} with the given partitions and its dead-letter topic {@code topic.dlq}. */
    public void createTopics(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafkaBootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1), new NewTopic(topic + ".dlq", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** A string-keyed producer on this broker; the caller closes it. */
    public KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafkaBootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** True once {@code members} consumers of {@code group} each hold at least one partition of {@code topic}. */
    public boolean groupIsSplit(String group, String topic, int members) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafkaBootstrap))) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
            return d.members().size() == members && d.members().stream().map(MemberDescription::assignment)
                    .allMatch(a -> a.topicPartitions().stream().anyMatch(tp -> tp.topic().equals(topic)));
        } catch (Exception notYet) {
            return false;
        }
    }

    /**
     * The settings of a PWB service on this PostgreSQL database and this broker, reading {@code topic} (dead letters to
     * {@code topic.dlq}) with the demo off and a 2 s planning cycle. The password goes to a file in {@code workDir}, as
     * an operator would keep it. Callers add the API token and anything their test needs.
     */
    public Map<String, String> serviceSettings(String jdbcUrl, Path workDir, String topic) throws IOException {
        Path passwordFile = workDir.resolve("db-password");
        Files.writeString(passwordFile, password);
        Map<String, String> p = new HashMap<>();
        p.put("pwb.database.kind", "postgresql");
        p.put("pwb.database.url", jdbcUrl);
        p.put("pwb.database.username", username);
        p.put("pwb.database.password-file", passwordFile.toString());
        p.put("pwb.ingest.kafka-enabled", "true");
        p.put("pwb.ingest.topic", topic);
        p.put("pwb.ingest.dead-letter-topic", topic + ".dlq");
        p.put("kafka.bootstrap.servers", kafkaBootstrap);
        p.put("pwb.demo.enabled", "false");
        p.put("pwb.planning.interval", "2s");
        return p;
    }
}
