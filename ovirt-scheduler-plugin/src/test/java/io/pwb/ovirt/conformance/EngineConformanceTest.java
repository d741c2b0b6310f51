package io.pwb.ovirt.conformance;

import io.pwb.ovirt.proxy.PolicyProperties;
import io.pwb.ovirt.proxy.ScoreTuples;
import io.pwb.ovirt.proxy.SchedulerUnits;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.pwb.ovirt.conformance.ScriptedBackend.H1;
import static io.pwb.ovirt.conformance.ScriptedBackend.H2;
import static io.pwb.ovirt.conformance.ScriptedBackend.VM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpoint driven by the oVirt engine's own XML-RPC client, every answer read with the engine's parsing rules.
 * Includes the equivalents of the reference proxy's JUnit suite (SchedulerProxyTest): discover, filter, unknown
 * unit, failing unit, score, balance.
 */
class EngineConformanceTest {

    private static final String[] HOSTS = {H1, H2};
    private static ScriptedBackend backend;
    private static EndpointFixture fixture;
    private static EngineClient engine;
    private static EngineClient engineOnRpc2;

    @BeforeAll
    static void start() throws Exception {
        backend = new ScriptedBackend();
        fixture = new EndpointFixture(backend, ScoreTuples.PER_UNIT, XmlRpcLimits.DEFAULT);
        engine = new EngineClient(fixture.url("/"));
        engineOnRpc2 = new EngineClient(fixture.url("/RPC2"));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @BeforeEach
    void reset() {
        backend.failing = false;
        backend.seen.clear();
    }

    @Test
    void discoverReportsTheThreeUnitsInAFormTheEngineAccepts() throws Exception {
        Object reply = engine.discover();
        HashMap<?, ?> raw = assertInstanceOf(HashMap.class, reply);
        assertEquals(java.util.Set.of("filters", "scores", "balance"), raw.keySet());
        Map<String, EngineReplyParser.Unit> units = EngineReplyParser.discoverResult(reply);
        assertEquals(3, units.size(), "all three units survive the engine's regex-map check");
        EngineReplyParser.Unit filter = units.get("FILTER:" + SchedulerUnits.FILTER);
        EngineReplyParser.Unit weight = units.get("WEIGHT:" + SchedulerUnits.WEIGHT);
        EngineReplyParser.Unit balance = units.get("LOAD_BALANCING:" + SchedulerUnits.BALANCE);
        assertEquals(SchedulerUnits.FILTER_DESCRIPTION, filter.description());
        assertEquals(SchedulerUnits.WEIGHT_DESCRIPTION, weight.description());
        assertEquals(SchedulerUnits.BALANCE_DESCRIPTION, balance.description());
        assertEquals("HighUtilization=^([5-9][0-9])$;HorizonMinutes=^([1-9][0-9]{0,3})$;Mode=^(advisory|balance|cost)$",
                balance.regexMap());
        assertEquals(units, EngineReplyParser.discoverResult(engineOnRpc2.discover()), "the same endpoint on /RPC2");
    }

    @Test
    void filterPassesTheHostsTheUnitPasses() throws Exception {
        Object reply = engine.runFilters(List.of(SchedulerUnits.FILTER), HOSTS, VM, "");
        assertEquals(0, EngineReplyParser.common(reply).resultCode());
        assertEquals(List.of(UUID.fromString(H1), UUID.fromString(H2)), EngineReplyParser.filterResult(reply));
    }

    @Test
    void filterWithAnUnknownUnitReportsItInPluginErrors() throws Exception {
        Object reply = engine.runFilters(List.of("not_existing_plugin"), HOSTS, VM, "");
        EngineReplyParser.Envelope env = EngineReplyParser.common(reply);
        assertNotEquals(0, env.resultCode());
        HashMap<?, ?> pluginErrors = (HashMap<?, ?>) ((HashMap<?, ?>) reply).get("plugin_errors");
        assertTrue(pluginErrors.containsKey("not_existing_plugin"));
        assertEquals("plugin not found: 'not_existing_plugin'", ((Object[]) pluginErrors.get("not_existing_plugin"))[0]);
        assertEquals(2, EngineReplyParser.filterResult(reply).size(), "no working filter: every host passes");
    }

    @Test
    void filterWithOnlyAFailingUnitPassesEveryHost() throws Exception {
        backend.failing = true;
        Object reply = engine.runFilters(List.of(SchedulerUnits.FILTER), HOSTS, VM, "");
        EngineReplyParser.Envelope env = EngineReplyParser.common(reply);
        assertEquals(1, env.resultCode());
        assertTrue(env.auditMessages().contains("EXTERNAL_SCHEDULER_ERROR all filters failed"), env.auditMessages()::toString);
        assertEquals(2, EngineReplyParser.filterResult(reply).size());
    }

    @Test
    void filterWithAWorkingAndAnUnknownUnitUsesTheWorkingOne() throws Exception {
        Object reply = engine.runFilters(List.of(SchedulerUnits.FILTER, "test_failing_plugin"), HOSTS, VM, "");
        assertEquals(1, EngineReplyParser.common(reply).resultCode());
        assertEquals(2, EngineReplyParser.filterResult(reply).size());
    }

    @Test
    void scoreAnswersIntegerPerUnitTriples() throws Exception {
        Object reply = engine.runCostFunctions(List.<Object[]>of(new Object[]{SchedulerUnits.WEIGHT, 2}), HOSTS, VM, "");
        assertEquals(0, EngineReplyParser.common(reply).resultCode());
        List<EngineReplyParser.Score> scores = EngineReplyParser.scoreResult(reply);
        assertEquals(List.of(new EngineReplyParser.Score(UUID.fromString(H1), 50, SchedulerUnits.WEIGHT),
                new EngineReplyParser.Score(UUID.fromString(H2), 50, SchedulerUnits.WEIGHT)), scores);
    }

    @Test
    void scoreWithAFailingAndAnUnknownUnitStillAnswers() throws Exception {
        Object reply = engine.runCostFunctions(List.<Object[]>of(new Object[]{"test_failing_plugin", 1},
                new Object[]{SchedulerUnits.WEIGHT, 2}), HOSTS, VM, "");
        assertEquals(1, EngineReplyParser.common(reply).resultCode());
        assertEquals(2, EngineReplyParser.scoreResult(reply).size());
    }

    @Test
    void preWeightedPairsAreTheWeightTimesTheScore() throws Exception {
        try (EndpointFixture pairs = new EndpointFixture(new ScriptedBackend(), ScoreTuples.PRE_WEIGHTED,
                XmlRpcLimits.DEFAULT)) {
            Object reply = new EngineClient(pairs.url("/")).runCostFunctions(
                    List.<Object[]>of(new Object[]{SchedulerUnits.WEIGHT, 2}), HOSTS, VM, "");
            assertEquals(List.of(new EngineReplyParser.Score(UUID.fromString(H1), 100, null),
                    new EngineReplyParser.Score(UUID.fromString(H2), 100, null)), EngineReplyParser.scoreResult(reply));
        }
    }

    @Test
    void balanceNamesTheVmAndItsCandidates() throws Exception {
        Object reply = engine.runLoadBalancing(SchedulerUnits.BALANCE, HOSTS, Map.of());
        assertEquals(0, EngineReplyParser.common(reply).resultCode());
        Map.Entry<UUID, List<UUID>> move = EngineReplyParser.balanceResult(reply);
        assertEquals(UUID.fromString(VM), move.getKey());
        assertTrue(move.getValue().contains(UUID.fromString(H1)));
    }

    @Test
    void balanceWithNilPropertiesAsTheEngineMaySend() throws Exception {
        Object reply = engine.runLoadBalancing(SchedulerUnits.BALANCE, HOSTS, null);
        assertEquals(UUID.fromString(VM), EngineReplyParser.balanceResult(reply).getKey());
        assertEquals(PolicyProperties.none(), backend.seen.get(0), "no property: the cluster's own settings apply");
    }

    @Test
    void balanceOfAnUnknownUnitIsNothingToMigrateNotAnEmptyArray() throws Exception {
        Object reply = engine.runLoadBalancing("no_such_balancer", HOSTS, Map.of());
        assertEquals(1, EngineReplyParser.common(reply).resultCode());
        assertNull(EngineReplyParser.balanceResult(reply), "[\"\", []]: the engine does nothing");
    }

    @Test
    void failingBalancerIsNothingToMigrate() throws Exception {
        backend.failing = true;
        Object reply = engine.runLoadBalancing(SchedulerUnits.BALANCE, HOSTS, Map.of());
        assertEquals(1, EngineReplyParser.common(reply).resultCode());
        assertNull(EngineReplyParser.balanceResult(reply));
    }

    @Test
    void propertiesReachTheUnitsAndBadValuesAreReportedNotFatal() throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("HighUtilization", "90", "HorizonMinutes", "30",
                "Mode", "advisory", "CpuOverCommitDurationMinutes", "2"));
        engine.runFilters(List.of(SchedulerUnits.FILTER), HOSTS, VM, props);
        assertEquals(new PolicyProperties(OptionalInt.of(90), OptionalInt.of(30), Optional.of(PolicyProperties.Mode.ADVISORY),
                List.of()), backend.seen.get(0));

        Object reply = engine.runFilters(List.of(SchedulerUnits.FILTER), HOSTS, VM, Map.of("HighUtilization", "120"));
        EngineReplyParser.Envelope env = EngineReplyParser.common(reply);
        assertEquals(1, env.resultCode());
        assertEquals(OptionalInt.empty(), backend.seen.get(1).highUtilizationPercent(), "ignored: the cluster's threshold");
        assertTrue(env.auditMessages().get(0).contains("ignored HighUtilization='120'"), env.auditMessages()::toString);
        assertEquals(2, EngineReplyParser.filterResult(reply).size());
    }

    @Test
    void malformedCallsAreFaultsAndTheEndpointKeepsServing() throws Exception {
        XmlRpcException unknown = assertThrows(XmlRpcException.class, () -> engine.call("runFilter", "x"));
        assertEquals(-32601, unknown.code);
        XmlRpcException arity = assertThrows(XmlRpcException.class, () -> engine.call("runFilters", List.of(), HOSTS));
        assertEquals(-32602, arity.code);
        XmlRpcException types = assertThrows(XmlRpcException.class,
                () -> engine.call("runFilters", "notalist", HOSTS, VM, ""));
        assertEquals(-32602, types.code);
        XmlRpcException props = assertThrows(XmlRpcException.class,
                () -> engine.call("runLoadBalancing", SchedulerUnits.BALANCE, HOSTS, 5));
        assertEquals(-32602, props.code);
        assertEquals(3, EngineReplyParser.discoverResult(engine.discover()).size());
    }

    @Test
    void manyEngineThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<UUID>>> answers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                answers.add(pool.submit(() -> EngineReplyParser.filterResult(
                        new EngineClient(fixture.url("/")).runFilters(List.of(SchedulerUnits.FILTER), HOSTS, VM, ""))));
            }
            for (Future<List<UUID>> a : answers) {
                assertEquals(2, a.get().size());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
