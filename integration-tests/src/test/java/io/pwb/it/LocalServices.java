package io.pwb.it;

import io.pwb.testsupport.PlatformTools;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Real services without Docker: PostgreSQL from the Debian packages (as started by {@code .ci/run}, found
 * through {@code PWB_TEST_PG_URL}, or started here with {@code .ci/start-postgres.sh} when the binaries are
 * installed) and a KRaft Kafka broker inside this JVM. Started once per JVM.
 */
public final class LocalServices {
    private static Services services;
    private static KafkaClusterTestKit kafka;

    private LocalServices() {
    }

    /** Whether a PostgreSQL can be had here without Docker. */
    public static boolean postgresAvailable() {
        return System.getenv("PWB_TEST_PG_URL") != null || postgresBinaries().isPresent();
    }

    /**
     * Skips a test that needs PostgreSQL where none can be had, or fails it with {@code PWB_REQUIRE_PLATFORM_TOOLS=1}
     * (CI installs PostgreSQL, so there a test without one is a broken set-up, not a skip).
     */
    public static void requirePostgres() {
        PlatformTools.require(postgresAvailable(), "no local PostgreSQL (set PWB_TEST_PG_URL, or apt-get install "
                + "postgresql; see .ci/run)");
    }

    public static synchronized Services get() throws Exception {
        if (services == null) {
            String url = postgres();
            String user = Optional.ofNullable(System.getenv("PWB_TEST_PG_USER")).orElse("pwb");
            String password = Optional.ofNullable(System.getenv("PWB_TEST_PG_PASSWORD")).orElse("pwb");
            services = new Services(url, user, password, startKafka());
        }
        return services;
    }

    private static String postgres() throws IOException, InterruptedException {
        String configured = System.getenv("PWB_TEST_PG_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (postgresBinaries().isEmpty()) {
            throw new IllegalStateException("No PostgreSQL for the integration tests: there is no Docker engine, PWB_TEST_PG_URL "
                    + "is not set and no PostgreSQL binaries are installed (apt-get install -y postgresql; .ci/run does this).");
        }
        Path script = Path.of(System.getProperty("pwb.repo.dir", "..")).resolve(".ci/start-postgres.sh").toAbsolutePath();
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("starting PostgreSQL with " + script + " failed:\n" + out);
        }
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    private static Optional<Path> postgresBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (var versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin/pg_ctl")).filter(Files::isExecutable).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String startKafka() throws Exception {
        // Kafka's test kit registers a shutdown hook per temporary directory that deletes it, and JVM shutdown hooks
        // run concurrently: the broker could lose its log directory while still running and call Exit.halt(1), which
        // surefire reports as a crashed fork after every test passed. So the deletions are collected here and run by
        // one hook after the broker has closed, and a broker in this test JVM may never halt or exit it.
        List<Runnable> deletions = new CopyOnWriteArrayList<>();
        Exit.setShutdownHookAdder((name, hook) -> deletions.add(hook));
        Exit.setHaltProcedure((code, message) -> System.err.println("in-JVM Kafka broker asked to halt (" + code + "): " + message));
        Exit.setExitProcedure((code, message) -> System.err.println("in-JVM Kafka broker asked to exit (" + code + "): " + message));
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build();
        kafka = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        Exit.resetShutdownHookAdder();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                kafka.close();
            } catch (Exception ignored) {
                // the JVM is going away
            }
            deletions.forEach(Runnable::run);
        }, "pwb-it-kafka-shutdown"));
        return kafka.bootstrapServers();
    }
}
