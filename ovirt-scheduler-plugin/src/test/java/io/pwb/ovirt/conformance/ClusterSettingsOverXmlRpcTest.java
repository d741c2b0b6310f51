package io.pwb.ovirt.conformance;

import io.pwb.engine.model.Host;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.placement.RankResult;
import io.pwb.engine.placement.RankedHost;
import io.pwb.engine.planning.Decision;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.runtime.EngineRegistry;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.ovirt.engine.EngineSchedulerBackend;
import io.pwb.ovirt.proxy.SchedulerUnits;
import io.pwb.ovirt.proxy.ScoreTuples;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PWB's own units behind the real endpoint, called by the oVirt engine's client: the cluster's PWB settings apply
 * unless the scheduling policy sets a property, advisory balances nothing (and records what it would have done), and
 * the weights order hosts PWB's best first, unknown hosts after every host PWB ranks, rejected hosts last.
 */
class ClusterSettingsOverXmlRpcTest {

    private static final String CLUSTER = HotCluster.CLUSTER;
    private static final String H1 = HotCluster.H1; // runs HOT: predicted ~95 % busy
    private static final String H2 = HotCluster.H2; // runs OTHER
    private static final String H3 = HotCluster.H3; // large and empty
    private static final String H4 = HotCluster.H4; // small and empty
    private static final String UNKNOWN = "10000000-0000-0000-0000-0000000000ff"; // not in PWB
    private static final String HOT = HotCluster.HOT;
    private static final String OTHER = HotCluster.OTHER;
    private static final String[] CLUSTER_HOSTS = HotCluster.HOSTS;

    private final Instant now = HotCluster.NOW;
    private final List<PlanResult> recorded = new CopyOnWriteArrayList<>();
    private EngineRegistry registry;
    private EndpointFixture fixture;
    private EngineClient engine;

    @BeforeEach
    void start() throws Exception {
        registry = HotCluster.registry();
        fixture = new EndpointFixture(new EngineSchedulerBackend(registry, Clock.fixed(now, ZoneOffset.UTC),
                recorded::add), ScoreTuples.PER_UNIT, XmlRpcLimits.DEFAULT);
        engine = new EngineClient(fixture.url("/"));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private void clusterSettings(PlanningMode mode, double threshold) {
        registry.cluster(CLUSTER).setSettings(PlanningSettings.DEFAULT.withMode(mode).withThreshold(threshold));
    }

    /** What the engine does with the answer: null is "nothing to migrate". */
    private Map.Entry<UUID, List<UUID>> balance(Map<String, String> properties) throws Exception {
        Object reply = engine.runLoadBalancing(SchedulerUnits.BALANCE, CLUSTER_HOSTS, properties);
        assertEquals(0, EngineReplyParser.common(reply).resultCode(), String.valueOf(reply));
        return EngineReplyParser.balanceResult(reply);
    }

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void advisoryClusterWithoutPropertiesProposesNothingAndRecordsWhatItWouldDo() throws Exception {
        clusterSettings(PlanningMode.ADVISORY, 0.80);
        assertNull(balance(null), "nil properties (as the engine may send): the cluster's advisory mode");
        assertNull(balance(Map.of()), "no PWB property in the policy: the cluster's advisory mode");
        assertTrue(registry.ledger().activeIn(CLUSTER).isEmpty(), "advisory reserves nothing");

        assertEquals(2, recorded.size(), "one advisory decision per call, as the planning loop records them");
        for (PlanResult r : recorded) {
            assertEquals(PlanningMode.ADVISORY, r.mode());
            Decision d = r.decisions().get(0);
            assertTrue(d.advisory());
            assertNull(d.shadowId());
            assertEquals(HOT, d.migration().vmId());
            assertEquals(H3, d.migration().targetHostId());
        }
    }

    @Test
    void aModePropertyInThePolicyOverridesTheClusterMode() throws Exception {
        clusterSettings(PlanningMode.ADVISORY, 0.80);
        Map.Entry<UUID, List<UUID>> move = balance(props("Mode", "balance"));
        assertNotNull(move, "Mode=balance set by the administrator wins over the cluster's advisory mode");
        assertEquals(UUID.fromString(HOT), move.getKey());
        assertEquals(UUID.fromString(H3), move.getValue().get(0));
        String shadowId = registry.ledger().activeFor(CLUSTER, HOT).orElseThrow().id();
        Decision acted = recorded.get(recorded.size() - 1).decisions().get(0);
        assertFalse(acted.advisory());
        assertEquals(shadowId, acted.shadowId(), "the recorded decision names the shadow it reserved");

        registry.ledger().release(CLUSTER);
        clusterSettings(PlanningMode.BALANCE, 0.80);
        assertNull(balance(props("Mode", "advisory")), "Mode=advisory wins over the cluster's balance mode");
        assertTrue(registry.ledger().activeIn(CLUSTER).isEmpty());
    }

    @Test
    void theClusterThresholdAppliesUnlessHighUtilizationIsSet() throws Exception {
        clusterSettings(PlanningMode.BALANCE, 0.99);
        assertNull(balance(Map.of()), "HOT's ~95 % is under the cluster's own 99 %: nothing to relieve");
        assertNotNull(balance(props("HighUtilization", "80")), "the policy's 80 % wins: HOT's host is overloaded");
    }

    @Test
    void aMoveReservedBeforeTheSwitchToAdvisoryIsNotAskedForAgain() throws Exception {
        clusterSettings(PlanningMode.BALANCE, 0.80);
        Map.Entry<UUID, List<UUID>> move = balance(Map.of());
        assertNotNull(move);

        clusterSettings(PlanningMode.ADVISORY, 0.80);
        assertNull(balance(Map.of()), "advisory: the pending move is not proposed again");
        assertEquals(ShadowState.RESERVED, registry.ledger().activeFor(CLUSTER, HOT).orElseThrow().state(),
                "left to expire");

        clusterSettings(PlanningMode.BALANCE, 0.80);
        assertEquals(move, balance(Map.of()), "balance again: the same move, not a second one");
    }

    @Test
    void weightsPutPwbsBestFirstAndNeverLetAnUnknownOrRejectedHostBeatAHostPwbRanks() throws Exception {
        clusterSettings(PlanningMode.BALANCE, 0.80);
        String[] candidates = {H1, H2, H3, H4, UNKNOWN};
        Object reply = engine.runCostFunctions(List.<Object[]>of(new Object[]{SchedulerUnits.WEIGHT, 2}), candidates,
                OTHER, "");
        assertEquals(0, EngineReplyParser.common(reply).resultCode());
        Map<UUID, Integer> weight = EngineReplyParser.scoreResult(reply).stream()
                .collect(Collectors.toMap(EngineReplyParser.Score::host, EngineReplyParser.Score::score));
        assertEquals(candidates.length, weight.size(), weight::toString);

        RankResult pwb = registry.cluster(CLUSTER).rank(OTHER, List.of(candidates), now);
        List<String> ranked = pwb.ranked().stream().map(RankedHost::host).map(Host::id).toList();
        assertEquals(List.of(H3, H4), ranked, "PWB's own ranking: H1 cannot take OTHER, H2 is its host");

        int best = weight.get(UUID.fromString(H3));
        int second = weight.get(UUID.fromString(H4));
        int unknown = weight.get(UUID.fromString(UNKNOWN));
        int current = weight.get(UUID.fromString(H2));
        int rejected = weight.get(UUID.fromString(H1));
        assertEquals(0, best, "PWB's best host gets the lowest weight");
        assertTrue(best < second && second < unknown, weight::toString);
        assertEquals(EngineSchedulerBackend.NEUTRAL_SCORE, unknown, "no opinion");
        assertEquals(unknown, current, "the VM's own host: no opinion either");
        assertTrue(unknown < rejected, weight::toString);
        assertTrue(weight.values().stream().allMatch(w -> w >= 0 && w <= 100), weight::toString);
    }
}
