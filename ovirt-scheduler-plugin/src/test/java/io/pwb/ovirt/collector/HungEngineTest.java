package io.pwb.ovirt.collector;

import io.pwb.engine.runtime.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collector against an "engine" that accepts TCP connections and never answers (the TLS handshake never
 * completes), as a hung engine or a black-holing proxy does. Every poll must come back; the bounds are generous,
 * they only tell "returned" from "blocked for good".
 */
class HungEngineTest {

    private static final String PASSWORD = "hung-engine-Secret-1";
    private static final Duration RETURNS = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private ServerSocket server;
    /** Connections accepted, kept open and never answered. */
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                log.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(server.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "hung-engine");
        acceptor.setDaemon(true);
        acceptor.start();
        Logger.getLogger(OvirtCollector.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stop() throws IOException {
        Logger.getLogger(OvirtCollector.class.getName()).removeHandler(capture);
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
        assertTrue(log.stream().noneMatch(l -> l.contains(PASSWORD)), "the password never appears in logs");
    }

    @Test
    void theRequestTimeoutEndsAHandshakeThatNeverCompletes() throws Exception {
        // The deadline is far away: only the per-request timeout (in milliseconds, not the SDK's seconds) can end it.
        try (OvirtCollector collector = collector(Duration.ofMillis(300), Duration.ofMinutes(10))) {
            assertTimeoutPreemptively(RETURNS, () -> assertTrue(collector.poll(T0).isEmpty()));
            assertEquals(1, collector.backoff().consecutiveFailures());
            assertTrue(log.stream().anyMatch(l -> l.contains("failed") && l.contains("Read timed out")), log::toString);
        }
    }

    @Test
    void theCollectionTimeoutAbandonsACollectionAndTheNextPollConnectsAfresh() throws Exception {
        // The request timeout is far away: only the deadline of the whole collection can end it.
        try (OvirtCollector collector = collector(Duration.ofMinutes(10), Duration.ofMillis(2500))) {
            assertTimeoutPreemptively(RETURNS, () -> assertTrue(collector.poll(T0).isEmpty()));
            assertEquals(1, accepted.size(), "the collection reached the engine");
            assertEquals(1, collector.backoff().consecutiveFailures());
            assertEquals(List.of("collecting from oVirt engine " + url() + " did not finish within 2500 ms"
                    + " (pwb.ovirt.engine.collection-timeout): connection dropped; next attempt, on a new connection,"
                    + " in 1 s"), log);
            assertTrue(closedByClient(accepted.get(0)), "the abandoned connection was closed");

            Instant next = collector.backoff().nextAttempt();
            assertTimeoutPreemptively(RETURNS, () -> assertTrue(collector.poll(next).isEmpty()));
            assertEquals(2, accepted.size(), "the next poll ran, on a new connection");
            assertEquals(2, collector.backoff().consecutiveFailures());
            assertEquals(2, log.size(), "the abandoned collection ended: no 'still running' skip");
        }
    }

    @Test
    void closingWhileACollectionHangsReturnsAtOnce() throws Exception {
        OvirtCollector collector = collector(Duration.ofMinutes(10), Duration.ofMinutes(10));
        CountDownLatch polled = new CountDownLatch(1);
        Thread poller = new Thread(() -> {
            collector.poll(T0);
            polled.countDown();
        });
        poller.start();
        assertTimeoutPreemptively(RETURNS, () -> {
            while (accepted.isEmpty()) {
                Thread.sleep(10);
            }
            collector.close();
            assertTrue(polled.await(RETURNS.toSeconds(), TimeUnit.SECONDS), "the poll returned");
        });
        assertTrue(closedByClient(accepted.get(0)));
    }

    private OvirtCollector collector(Duration requestTimeout, Duration collectionTimeout) throws IOException {
        Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        OvirtEngineSettings settings = new OvirtEngineSettings(url(), "pwb@internal", passwordFile, Optional.empty(),
                Optional.empty(), Optional.empty(), requestTimeout, collectionTimeout);
        return new OvirtCollector(settings, false, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)));
    }

    private URI url() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort() + "/ovirt-engine/api");
    }

    /** True once the client has closed the connection (the server reads end of stream or a reset). */
    private static boolean closedByClient(Socket s) throws IOException {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // the ClientHello the server never answered
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
