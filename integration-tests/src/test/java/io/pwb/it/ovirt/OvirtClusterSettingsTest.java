package io.pwb.it.ovirt;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.ovirt.quarkus.OvirtXmlRpcLifecycle;
import io.pwb.service.api.ApiRequests.SettingsUpdate;
import io.pwb.service.api.ClusterResource;
import io.pwb.service.planning.EngineService;
import io.pwb.service.planning.PlanningLoop;
import io.pwb.service.store.DecisionEntity;
import io.pwb.service.store.DecisionStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application's oVirt units for a cluster planned by them (as a collected oVirt cluster is): a new
 * cluster is advisory, its mode set through the settings API reaches the balance unit at once, advisory answers
 * "nothing to migrate" and stores the decision it would have made, a Mode property in the scheduling policy wins,
 * and the weights put PWB's best host first and unknown or rejected hosts after every host PWB ranks. Called with
 * the oVirt engine's client configuration.
 */
@QuarkusTest
class OvirtClusterSettingsTest {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final String H1 = "host-hot";     // runs HOT, predicted ~95 % busy
    private static final String H2 = "host-other";   // runs OTHER
    private static final String H3 = "host-large";   // large and empty: the relief target
    private static final String H4 = "host-small";   // small and empty
    private static final String UNKNOWN = "host-pwb-never-saw";
    private static final String HOT = "vm-hot";
    private static final String OTHER = "vm-other";

    @Inject
    OvirtXmlRpcLifecycle lifecycle;
    @Inject
    EngineService engines;
    @Inject
    PlanningLoop planning;
    @Inject
    ClusterResource clusterApi;
    @Inject
    DecisionStore decisions;

    private final String cluster = "ovirt-" + UUID.randomUUID().toString().substring(0, 8);

    /** Two hours of five-minute samples up to now, as the oVirt collector would have fed them. */
    private ClusterEngine overloadedCluster() {
        planning.selfDriven(cluster); // planned by the oVirt units, like a collected cluster
        ClusterEngine c = engines.engine(cluster);
        Instant now = Instant.now();
        Instant start = now.minusSeconds(300L * 24);
        c.replaceInventory(List.of(Host.up(H1, cluster, 20_800, 64.0 * GIB), Host.up(H2, cluster, 20_800, 64.0 * GIB),
                        Host.up(H3, cluster, 48_000, 128.0 * GIB), Host.up(H4, cluster, 20_800, 64.0 * GIB)),
                List.of(Vm.of(HOT, H1, new VmSize(8, 20_800, 16 * GIB), null),
                        Vm.of(OTHER, H2, new VmSize(4, 10_400, 8 * GIB), null)), start);
        for (int i = 0; i <= 24; i++) {
            long t = start.getEpochSecond() + 300L * i;
            double wobble = (i % 5 - 2) * 100;
            c.offer(EntityKind.VM, HOT, Metric.CPU_MHZ, t, 19_700 + wobble);
            c.offer(EntityKind.VM, HOT, Metric.MEMORY_BYTES, t, 12.0 * GIB);
            c.offer(EntityKind.VM, OTHER, Metric.CPU_MHZ, t, 5_200 + wobble);
            c.offer(EntityKind.VM, OTHER, Metric.MEMORY_BYTES, t, 4.0 * GIB);
        }
        return c;
    }

    /** Other tests of this application pick the first cluster with hosts: leave the demo cluster that one. */
    @AfterEach
    void forgetCluster() {
        engines.engine(cluster).replaceInventory(List.of(), List.of(), Instant.now());
        engines.ledger().release(cluster);
    }

    private XmlRpcClient ovirtEngine() throws Exception {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(new URL("http://127.0.0.1:" + lifecycle.port() + "/"));
        config.setEnabledForExtensions(true);
        config.setConnectionTimeout(100);
        config.setReplyTimeout(120_000);
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        return client;
    }

    private static Object[] balance(XmlRpcClient engine, Map<String, String> properties) throws Exception {
        Map<?, ?> reply = (Map<?, ?>) engine.execute("runLoadBalancing", new Object[]{"PwbPredictiveBalance",
                new String[]{H1, H2, H3, H4}, properties});
        assertEquals(0, reply.get("result_code"), reply::toString);
        return (Object[]) reply.get("result");
    }

    private static void assertNothingToMigrate(Object[] result, String why) {
        assertEquals("", result[0], why);
        assertEquals(0, ((Object[]) result[1]).length, why);
    }

    @Test
    void advisoryClusterProposesNothingRecordsTheDecisionAndAPolicyModeWins() throws Exception {
        ClusterEngine c = overloadedCluster();
        assertEquals(PlanningMode.ADVISORY, c.settings().mode(), "a new cluster is advisory (pwb.planning.default-mode)");
        XmlRpcClient engine = ovirtEngine();
        assertNothingToMigrate(balance(engine, null), "new cluster, nil properties: advisory");

        clusterApi.updateSettings(cluster, new SettingsUpdate("balance", null, null, null));
        assertEquals(PlanningMode.BALANCE, c.settings().mode(), "the settings API reaches the units at once");
        clusterApi.updateSettings(cluster, new SettingsUpdate("advisory", null, null, null));
        assertNothingToMigrate(balance(engine, new HashMap<>()), "cluster set to advisory through the API");
        assertTrue(engines.ledger().activeIn(cluster).isEmpty(), "advisory reserves nothing");

        List<DecisionEntity> stored = decisions.recent(cluster, 10);
        assertFalse(stored.isEmpty(), "the advisory decisions are stored like the planning loop's");
        assertTrue(stored.stream().allMatch(d -> !d.acted && d.mode.equals("advisory") && d.vmId.equals(HOT)
                && d.targetHostId.equals(H3)), () -> stored.stream().map(d -> d.summary).toList().toString());

        Object[] move = balance(engine, new HashMap<>(Map.of("Mode", "balance")));
        assertEquals(HOT, move[0], "Mode=balance in the scheduling policy wins over the cluster's advisory mode");
        assertEquals(H3, ((Object[]) move[1])[0]);
        assertTrue(engines.ledger().activeFor(cluster, HOT).isPresent(), "the move's shadow is reserved");
        assertTrue(decisions.recent(cluster, 10).stream().anyMatch(d -> d.acted && d.vmId.equals(HOT)),
                "the move asked for is stored as acted on");
        assertNothingToMigrate(balance(engine, null), "back to the cluster's advisory mode: the reserved move is not"
                + " asked for again");
    }

    @Test
    void weightsRankPwbsBestFirstAndUnknownOrRejectedHostsAfterEveryRankedHost() throws Exception {
        overloadedCluster();
        Map<?, ?> reply = (Map<?, ?>) ovirtEngine().execute("runCostFunctions", new Object[]{
                List.<Object[]>of(new Object[]{"PwbPredictiveWeight", 1}), new String[]{H1, H2, H3, H4, UNKNOWN},
                OTHER, ""});
        assertEquals(0, reply.get("result_code"), reply::toString);
        Map<String, Integer> weight = Arrays.stream((Object[]) reply.get("result")).map(o -> (Object[]) o)
                .collect(Collectors.toMap(t -> (String) t[0], t -> (Integer) t[1]));
        // PWB ranks H3 (most headroom) before H4; H1 cannot take OTHER; H2 is OTHER's own host.
        assertEquals(0, weight.get(H3), weight::toString);
        assertTrue(weight.get(H3) < weight.get(H4), weight::toString);
        assertTrue(weight.get(H4) < weight.get(UNKNOWN), weight::toString);
        assertEquals(weight.get(UNKNOWN), weight.get(H2), "no opinion on the VM's own host");
        assertTrue(weight.get(UNKNOWN) < weight.get(H1), weight::toString);
    }
}
