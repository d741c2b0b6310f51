package io.pwb.it.ovirt;

import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.RankingWeights;
import io.pwb.engine.runtime.EngineRegistry;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowEvent;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowSettings;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.engine.runtime.Backoff;
import io.pwb.ovirt.collector.OvirtCollector;
import io.pwb.ovirt.collector.OvirtEngineSettings;
import io.pwb.ovirt.collector.OvirtMonitor;
import io.pwb.ovirt.engine.EngineSchedulerBackend;
import io.pwb.ovirt.http.XmlRpcCallHandler;
import io.pwb.ovirt.http.XmlRpcHttpEndpoint;
import io.pwb.ovirt.proxy.ExternalSchedulerProtocol;
import io.pwb.ovirt.proxy.ScoreTuples;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import io.pwb.ovirt.xmlrpc.XmlRpcRequestParser;
import io.vertx.core.Vertx;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole oVirt loop against the HTTPS engine stub, in simulated time: collect and forecast, the engine's
 * runLoadBalancing names the VM and its target (and PWB reserves the shadow), runFilters for another VM does not
 * offer the reserved headroom, then the stub plays the engine: it moves the VM (shadow COMMITTED), never moves it
 * (shadow EXPIRED, then the VM cools down), starts and never finishes the move (shadow ROLLED_BACK), or moves it
 * onto a host that turns out overloaded (ROLLED_BACK, and the engine is asked to move the VM back first).
 */
class OvirtFullCycleTest {

    private static final String USER = "admin@internal";
    private static final String PASSWORD = "engine-pass";
    private static final long GIB = 1024L * 1024 * 1024;
    private static final int STEP_SECONDS = 300;
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @TempDir
    Path dir;
    private OvirtEngineStub stub;
    private OvirtEngineStub.StubHost h1;
    private OvirtEngineStub.StubHost h2;
    private OvirtEngineStub.StubHost h3;
    private OvirtEngineStub.StubVm hot;
    private OvirtEngineStub.StubVm small;
    private OvirtEngineStub.StubVm other;
    private OvirtEngineStub.StubVm big;
    private final List<ShadowEvent> transitions = new CopyOnWriteArrayList<>();
    private ShadowLedger ledger;
    private OvirtCollector collector;
    private OvirtMonitor monitor;
    private EngineRegistry registry;
    private Vertx vertx;
    private XmlRpcHttpEndpoint endpoint;
    private XmlRpcClient engine;
    private Instant now = T0;
    private int step;

    @BeforeEach
    void start() throws Exception {
        SelfSignedTls tls = new SelfSignedTls(dir);
        stub = new OvirtEngineStub(tls.serverContext(), USER, PASSWORD);
        h1 = stub.addHost("host1", 8, 2600, 64 * GIB);   // 20,800 MHz
        h2 = stub.addHost("host2", 8, 2600, 64 * GIB);   // 20,800 MHz
        h3 = stub.addHost("host3", 16, 3000, 128 * GIB); // 48,000 MHz
        hot = stub.addVm("hot", 8, 16 * GIB, h1);        // ~95 % of 8 x 2,600 MHz: host1 overloaded
        small = stub.addVm("small", 1, 2 * GIB, h1);
        other = stub.addVm("other", 4, 8 * GIB, h2);
        big = stub.addVm("big", 12, 8 * GIB, null);      // not running: needs 12 x 3,000 MHz when started

        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD);
        collector = new OvirtCollector(new OvirtEngineSettings(URI.create(stub.apiUrl()), USER, passwordFile,
                Optional.of(tls.trustStore), Optional.of(writeSecret("tspw", SelfSignedTls.STORE_PASSWORD)),
                Optional.empty(), Duration.ofSeconds(20), Duration.ofMinutes(2)), false, new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(5)));
        // Shadows: 10 minutes for the engine to act, 5 minutes of verification on the target.
        ledger = new ShadowLedger(new ShadowSettings(600, 300, 0.10, 1800, 1800), transitions::add);
        PlanningSettings settings = new PlanningSettings(PlanningMode.BALANCE, 0.80, 12, STEP_SECONDS, 5, 2, 0.05,
                3 * 3600, STEP_SECONDS, 0.30, RankingWeights.DEFAULT);
        registry = new EngineRegistry(ledger, settings);
        monitor = new OvirtMonitor(collector, registry);

        vertx = Vertx.vertx();
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        XmlRpcLimits limits = XmlRpcLimits.DEFAULT;
        endpoint = new XmlRpcHttpEndpoint(vertx, new XmlRpcCallHandler(new XmlRpcRequestParser(limits),
                new ExternalSchedulerProtocol(new EngineSchedulerBackend(registry, clock), ScoreTuples.PER_UNIT)),
                limits, 4);
        int port = endpoint.start("127.0.0.1", 0);
        // The oVirt engine's client configuration (ExternalSchedulerBrokerImpl).
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(new URL("http://127.0.0.1:" + port + "/"));
        config.setEnabledForExtensions(true);
        config.setConnectionTimeout(100);
        config.setReplyTimeout(120_000);
        engine = new XmlRpcClient();
        engine.setConfig(config);
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        collector.close();
        stub.close();
    }

    private Path writeSecret(String name, String value) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, value);
        return p;
    }

    /** One collection step (5 minutes): VM loads with a little deterministic noise, host statistics to match. */
    private void collectStep() {
        double wobble = ((step * 7919) % 11 - 5) / 5.0; // -1..1
        hot.cpuGuestPercent = 95 + wobble;
        hot.memoryUsedBytes = 12 * GIB;
        small.cpuGuestPercent = 10 + wobble;
        small.memoryUsedBytes = GIB;
        other.cpuGuestPercent = 50 + wobble;
        other.memoryUsedBytes = 4 * GIB;
        for (OvirtEngineStub.StubHost h : List.of(h1, h2, h3)) {
            double mhz = stub.vms.values().stream().filter(v -> h.id.equals(v.hostId))
                    .mapToDouble(v -> v.cpuGuestPercent / 100.0 * v.vcpus * h.speedMhz).sum();
            h.cpuUserPercent = Math.min(100, 100.0 * mhz / (h.cores * h.speedMhz));
            h.memoryUsedBytes = stub.vms.values().stream().filter(v -> h.id.equals(v.hostId))
                    .mapToLong(v -> v.memoryUsedBytes).sum() + 2 * GIB;
        }
        monitor.cycle(now);
        step++;
        now = now.plusSeconds(STEP_SECONDS);
    }

    private void warmUp() {
        for (int i = 0; i < 30; i++) {
            collectStep();
        }
    }

    private Map.Entry<String, List<String>> runLoadBalancing() throws Exception {
        Object reply = engine.execute("runLoadBalancing", new Object[]{"PwbPredictiveBalance",
                new String[]{h1.id, h2.id, h3.id}, new HashMap<>(Map.of("HighUtilization", "80"))});
        Map<?, ?> env = (Map<?, ?>) reply;
        assertEquals(0, env.get("result_code"), String.valueOf(env));
        Object[] result = (Object[]) env.get("result");
        List<String> candidates = Arrays.stream((Object[]) result[1]).map(String.class::cast).toList();
        return Map.entry((String) result[0], candidates);
    }

    private List<String> runFilters(String vmId) throws Exception {
        Object reply = engine.execute("runFilters", new Object[]{List.of("PwbPredictiveFilter"),
                new String[]{h1.id, h2.id, h3.id}, vmId, ""});
        Map<?, ?> env = (Map<?, ?>) reply;
        assertEquals(0, env.get("result_code"), String.valueOf(env));
        return Arrays.stream((Object[]) env.get("result")).map(String.class::cast).toList();
    }

    /** The weight unit's answer, host to weight (lower is better). */
    private Map<String, Integer> runCostFunctions(String vmId) throws Exception {
        Object reply = engine.execute("runCostFunctions", new Object[]{
                new Object[]{new Object[]{"PwbPredictiveWeight", 1}}, new String[]{h1.id, h2.id, h3.id}, vmId, ""});
        Map<?, ?> env = (Map<?, ?>) reply;
        assertEquals(0, env.get("result_code"), String.valueOf(env));
        Map<String, Integer> weights = new HashMap<>();
        for (Object entry : (Object[]) env.get("result")) {
            Object[] tuple = (Object[]) entry;
            weights.put((String) tuple[0], (Integer) tuple[1]);
        }
        return weights;
    }

    private Shadow shadowOf(String vmId) {
        return ledger.activeFor(OvirtEngineStub.CLUSTER_ID, vmId).orElseThrow(() -> new AssertionError("no active shadow for " + vmId));
    }

    private List<ShadowState> statesOf(String shadowId) {
        return transitions.stream().filter(e -> e.shadow().id().equals(shadowId)).map(ShadowEvent::to).toList();
    }

    @Test
    void theEngineMovesTheVmAndTheShadowIsCommitted() throws Exception {
        warmUp();
        assertEquals(List.of(h3.id), runFilters(big.id), "before any reservation the big VM fits on host3 only");
        assertEquals(0, runCostFunctions(big.id).get(h3.id), "before any reservation host3 is the big VM's best");

        Map.Entry<String, List<String>> move = runLoadBalancing();
        assertEquals(hot.id, move.getKey(), "the VM that relieves the overloaded host");
        assertEquals(h3.id, move.getValue().get(0), "the only host it fits on below the threshold");
        Shadow shadow = shadowOf(hot.id);
        assertEquals(ShadowState.RESERVED, shadow.state());
        assertEquals(h3.id, shadow.targetHostId());

        assertEquals(100, runCostFunctions(big.id).get(h3.id), "host3's headroom is held for the move");
        assertEquals(List.of(h1.id, h2.id, h3.id), runFilters(big.id),
                "PWB's filter would leave the big VM no host: all pass, PWB recommends nothing rather than block it");
        assertEquals(move, runLoadBalancing(), "asked again until the engine acts; never a second move");

        hot.hostId = h3.id; // the engine migrates the VM
        for (int i = 0; i < 6 && ledger.activeFor(OvirtEngineStub.CLUSTER_ID, hot.id).isPresent(); i++) {
            collectStep();
        }
        assertEquals(List.of(ShadowState.RESERVED, ShadowState.MIGRATING, ShadowState.VERIFYING,
                ShadowState.COMMITTED), statesOf(shadow.id()));
        assertTrue(ledger.activeFor(OvirtEngineStub.CLUSTER_ID, hot.id).isEmpty());
        assertEquals("", runLoadBalancing().getKey(), "nothing left to balance");
    }

    @Test
    void theEngineNeverMovesTheVmAndTheShadowExpiresThenTheVmCoolsDown() throws Exception {
        warmUp();
        Map.Entry<String, List<String>> move = runLoadBalancing();
        assertEquals(hot.id, move.getKey());
        Shadow shadow = shadowOf(hot.id);
        for (int i = 0; i < 12 && ledger.activeFor(OvirtEngineStub.CLUSTER_ID, hot.id).isPresent(); i++) {
            assertEquals(100, runCostFunctions(big.id).get(h3.id),
                    "reserved headroom is not offered while the shadow lives");
            collectStep();
        }
        assertEquals(List.of(ShadowState.RESERVED, ShadowState.EXPIRED), statesOf(shadow.id()));
        assertEquals(List.of(h3.id), runFilters(big.id), "released headroom is offered again");

        // The engine ignored the move: asking for it again every minute would be ignored as well. The VM cools down
        // for pwb.shadows.expired-cool-down (30 min by default), then the still overloaded host is relieved again.
        Instant expiredAt = transitions.stream().filter(e -> e.shadow().id().equals(shadow.id()))
                .filter(e -> e.to() == ShadowState.EXPIRED).findFirst().orElseThrow().at();
        while (now.isBefore(expiredAt.plusSeconds(1800))) {
            assertEquals("", runLoadBalancing().getKey(), "no move while the VM cools down, at " + now);
            collectStep();
        }
        assertEquals(hot.id, runLoadBalancing().getKey(), "after the cool-down the move is asked for again");
    }

    @Test
    void onlyAVmTheEngineWouldLiveMigrateIsProposed() throws Exception {
        hot.placementAffinity = "pinned";
        warmUp();
        for (String affinity : Arrays.asList("pinned", "user_migratable", null)) {
            hot.placementAffinity = affinity;
            collectStep();
            assertEquals("", runLoadBalancing().getKey(), "hot with placement affinity " + affinity + " stays");
        }
        hot.placementAffinity = "migratable";
        hot.status = "paused";
        collectStep();
        assertEquals("", runLoadBalancing().getKey(), "a paused VM stays");
        hot.status = "up";
        collectStep();
        assertEquals(hot.id, runLoadBalancing().getKey(), "up and migratable: the VM that relieves host1");
    }

    @Test
    void aHarmfulMoveIsRolledBackAndTheEngineIsAskedToMoveTheVmBackBeforeAnythingElse() throws Exception {
        warmUp();
        assertEquals(hot.id, runLoadBalancing().getKey());
        Shadow shadow = shadowOf(hot.id);
        hot.hostId = h3.id; // the engine migrates the VM, and a noisy neighbour starts there: host3 is overloaded
        OvirtEngineStub.StubVm noisy = stub.addVm("noisy", 16, 16 * GIB, h3);
        noisy.cpuGuestPercent = 95;
        noisy.memoryUsedBytes = 8 * GIB;
        for (int i = 0; i < 8 && ledger.activeFor(OvirtEngineStub.CLUSTER_ID, hot.id).map(s -> !s.moveBack())
                .orElse(true); i++) {
            collectStep();
        }
        List<ShadowState> states = statesOf(shadow.id());
        assertEquals(ShadowState.ROLLED_BACK, states.get(states.size() - 1), states.toString());
        Shadow back = shadowOf(hot.id);
        assertTrue(back.moveBack());

        assertEquals(Map.entry(hot.id, List.of(h1.id)), runLoadBalancing(),
                "back to its original host, before relieving host3 of anything else");
        assertTrue(runFilters(hot.id).contains(h1.id), "the engine re-runs the filter: the held host passes");
        Map<String, Integer> weights = runCostFunctions(hot.id);
        assertEquals(0, weights.get(h1.id), "... and is the best: " + weights);
        assertTrue(weights.get(h2.id) > 0 && weights.get(h3.id) > 0, weights.toString());

        hot.hostId = h1.id; // the engine moves it back
        collectStep();
        assertEquals(List.of(ShadowState.RESERVED, ShadowState.MIGRATING, ShadowState.VERIFYING),
                statesOf(back.id()).stream().distinct().toList(), "the move back arrived and is being verified");
        assertFalse(hot.id.equals(runLoadBalancing().getKey()), "the move back is not asked for again");
    }

    @Test
    void aMigrationThatNeverFinishesIsRolledBack() throws Exception {
        warmUp();
        assertEquals(hot.id, runLoadBalancing().getKey());
        Shadow shadow = shadowOf(hot.id);
        hot.status = "migrating"; // the engine starts the move, and it never completes
        for (int i = 0; i < 14 && ledger.activeFor(OvirtEngineStub.CLUSTER_ID, hot.id).isPresent(); i++) {
            collectStep();
        }
        assertEquals(List.of(ShadowState.RESERVED, ShadowState.MIGRATING, ShadowState.ROLLED_BACK),
                statesOf(shadow.id()));
    }
}
