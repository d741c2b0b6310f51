package io.pwb.it.ovirt;

import io.pwb.engine.model.Migration;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Resources;
import io.pwb.engine.runtime.Backoff;
import io.pwb.engine.runtime.EngineRegistry;
import io.pwb.engine.shadow.ReservationRequest;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowSettings;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.ovirt.collector.OvirtCollector;
import io.pwb.ovirt.collector.OvirtEngineSettings;
import io.pwb.ovirt.collector.OvirtInventory;
import io.pwb.ovirt.collector.OvirtMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collection cycle against the HTTPS engine stub when the engine stops answering (it takes the requests and
 * never replies) or answers slowly, through the real oVirt SDK: the cycle ends at its deadline, shadows expire on
 * time even while a collection hangs, the next cycle collects again on a new connection, and the abandoned
 * connection's SSO token is revoked once the engine answers again. The bounds on time are generous: they only tell
 * "ended" from "blocked for good".
 */
class OvirtHungEngineTest {

    private static final String USER = "pwb@internal";
    private static final String PASSWORD = "hung-Pa55-word";
    private static final long GIB = 1L << 30;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration ENDS = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private OvirtEngineStub stub;
    private SelfSignedTls tls;
    private OvirtEngineStub.StubHost h1;
    private OvirtEngineStub.StubHost h2;
    private OvirtEngineStub.StubVm web;
    private final List<OvirtCollector> collectors = new CopyOnWriteArrayList<>();
    private final LogLines capture = new LogLines(Level.WARNING);
    private final List<String> warnings = capture.lines();
    private final LogLines everything = new LogLines(Level.ALL);
    private final Logger collectorPackage = Logger.getLogger(OvirtCollector.class.getPackageName());

    @BeforeEach
    void start() throws Exception {
        tls = new SelfSignedTls(dir);
        stub = new OvirtEngineStub(tls.serverContext(), USER, PASSWORD);
        h1 = stub.addHost("host1", 8, 2600, 64 * GIB);
        h2 = stub.addHost("host2", 8, 2600, 64 * GIB);
        web = stub.addVm("web", 4, 8 * GIB, h1);
        stub.addVm("db", 2, 4 * GIB, h2);
        Logger.getLogger(OvirtCollector.class.getName()).addHandler(capture);
        collectorPackage.addHandler(everything);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(OvirtCollector.class.getName()).removeHandler(capture);
        collectorPackage.removeHandler(everything);
        collectors.forEach(OvirtCollector::close);
        stub.close();
        assertTrue(everything.lines().stream().noneMatch(l -> l.contains(PASSWORD)), "the password never appears in logs");
        for (String token : stub.issuedTokens) {
            assertTrue(everything.lines().stream().noneMatch(l -> l.contains(token)), "tokens never appear in logs");
        }
    }

    @Test
    void shadowsExpireWhileTheEngineHangsAndTheNextCycleCollectsAgain() throws Exception {
        // the request timeout is long: only the collection's deadline can end a hung collection
        OvirtCollector collector = collector(Duration.ofMinutes(5), Duration.ofSeconds(8));
        ShadowLedger ledger = new ShadowLedger(new ShadowSettings(600, 300, 0.10, 1800, 1800), null);
        OvirtMonitor monitor = new OvirtMonitor(collector, new EngineRegistry(ledger, PlanningSettings.DEFAULT));
        assertTrue(monitor.cycle(T0).isPresent());
        ledger.reserve(new ReservationRequest(OvirtEngineStub.CLUSTER_ID, new Migration(web.id, h1.id, h2.id),
                Resources.of(1000, GIB), 0.5, 0.8, null), T0);
        String shadow = ledger.activeFor(OvirtEngineStub.CLUSTER_ID, web.id).orElseThrow().id();

        stub.hung = true;
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<OvirtInventory>> hanging = background.submit(() -> monitor.cycle(T0.plusSeconds(60)));
            assertTimeoutPreemptively(ENDS, () -> {
                while (stub.hungCalls.get() == 0) {
                    Thread.sleep(10);
                }
            });
            // past the shadow's 10 minutes, while that collection still waits for the engine
            assertTrue(monitor.cycle(T0.plusSeconds(660)).isEmpty());
            assertFalse(hanging.isDone(), "the first collection still waits for the engine");
            assertEquals(ShadowState.EXPIRED, ledger.find(shadow).orElseThrow().state());

            assertTimeoutPreemptively(ENDS, () -> assertTrue(hanging.get().isEmpty()), "the hung cycle ends");
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains("did not finish within 8 s"), warnings::toString);
            assertEquals(List.of(), stub.revokedTokens, "no revocation while the engine does not answer");
        } finally {
            background.shutdownNow();
        }

        stub.hung = false;
        Optional<OvirtInventory> again = assertTimeoutPreemptively(ENDS,
                () -> monitor.cycle(collector.backoff().nextAttempt()));
        assertTrue(again.isPresent(), "the next cycle collects");
        assertEquals(2, stub.tokensIssued.get(), "on a new connection (the hung one was dropped)");
        String abandoned = stub.issuedTokens.get(0);
        String current = stub.issuedTokens.get(1);
        awaitRevoked(abandoned); // the engine answers again
        assertEquals(List.of(abandoned), stub.revokedTokens);
        assertTrue(stub.valid(current), "the token in use stays valid");
        assertTrue(monitor.cycle(T0.plusSeconds(3600)).isPresent());
        assertEquals(2, stub.tokensIssued.get(), "still on the same connection and token");
    }

    @Test
    void aSlowEngineIsCutOffAtTheCollectionTimeoutAndCollectedOnceItIsFastAgain() throws Exception {
        // every answer comes well within the request timeout; the collection as a whole (10+ calls) not within 3 s
        OvirtCollector collector = collector(Duration.ofSeconds(30), Duration.ofSeconds(3));
        stub.answerDelayMillis = 1000;
        assertTimeoutPreemptively(ENDS, () -> assertTrue(collector.poll(T0).isEmpty()));
        assertEquals(List.of("collecting from oVirt engine " + stub.apiUrl() + " did not finish within 3 s"
                + " (pwb.ovirt.engine.collection-timeout): connection dropped; next attempt, on a new connection,"
                + " in 10 s"), warnings);
        assertTrue(stub.apiCalls.get() >= 1, "the engine answered, slowly");

        stub.answerDelayMillis = 0;
        Optional<OvirtInventory> fast = assertTimeoutPreemptively(ENDS,
                () -> collector.poll(collector.backoff().nextAttempt()));
        assertEquals(2, fast.orElseThrow().hosts().size());
        String abandoned = stub.issuedTokens.get(0);
        awaitRevoked(abandoned); // a collection succeeded: the slow connection's token goes
        assertTrue(stub.valid(stub.issuedTokens.get(1)));
    }

    /** Revocation runs in the background: wait (boundedly) until the engine no longer accepts the token. */
    private void awaitRevoked(String token) {
        assertTimeoutPreemptively(ENDS, () -> {
            while (stub.valid(token)) {
                Thread.sleep(10);
            }
        }, "the abandoned connection's token is revoked");
    }

    private OvirtCollector collector(Duration requestTimeout, Duration collectionTimeout) throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        OvirtEngineSettings settings = new OvirtEngineSettings(URI.create(stub.apiUrl()), USER, passwordFile,
                Optional.empty(), Optional.empty(), Optional.of(tls.caPem), requestTimeout, collectionTimeout);
        OvirtCollector collector = new OvirtCollector(settings, true, new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5)));
        collectors.add(collector);
        return collector;
    }
}
