package io.pwb.it.ovirt;

import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.ovirt.quarkus.OvirtXmlRpcLifecycle;
import io.pwb.service.planning.EngineService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application on its embedded default: the endpoint starts by itself and the units answer for the
 * demo cluster's hosts and VMs (those the REST API lists), as the oVirt engine's client sees them.
 */
@QuarkusTest
class OvirtDemoEndpointTest {

    @Inject
    OvirtXmlRpcLifecycle lifecycle;

    @Inject
    EngineService engines;

    /** The demo cluster is seeded in the background at start; wait for its hosts and running VMs. */
    private ClusterEngine demoCluster() throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            java.util.Optional<ClusterEngine> c = engines.registry().all().stream()
                    .filter(e -> !e.hosts().isEmpty() && e.vms().stream().anyMatch(v -> v.hostId() != null))
                    .findFirst();
            if (c.isPresent()) {
                return c.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo cluster never appeared in the engine");
    }

    @Test
    void answersForTheDemoClusterOnItsOwn() throws Exception {
        assertTrue(lifecycle.port() > 0, "the endpoint started with the application");
        ClusterEngine demo = demoCluster();
        List<String> hosts = demo.hosts().stream().map(h -> h.id()).toList();
        String vm = demo.vms().stream().filter(v -> v.hostId() != null).findFirst().orElseThrow().id();
        assertFalse(hosts.isEmpty());

        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(new URL("http://127.0.0.1:" + lifecycle.port() + "/"));
        config.setEnabledForExtensions(true);
        config.setConnectionTimeout(100);
        config.setReplyTimeout(120_000);
        XmlRpcClient engine = new XmlRpcClient();
        engine.setConfig(config);

        Map<?, ?> discovered = (Map<?, ?>) engine.execute("discover", new Object[]{});
        assertEquals(java.util.Set.of("filters", "scores", "balance"), discovered.keySet());

        String[] hostIds = hosts.toArray(String[]::new);
        Map<?, ?> scored = (Map<?, ?>) engine.execute("runCostFunctions", new Object[]{
                List.<Object[]>of(new Object[]{"PwbPredictiveWeight", 1}), hostIds, vm, ""});
        assertEquals(0, scored.get("result_code"));
        Object[] scores = (Object[]) scored.get("result");
        assertEquals(hosts.size(), scores.length);
        boolean anyOpinion = Arrays.stream(scores).map(o -> (Object[]) o).anyMatch(t -> (Integer) t[1] != 50);
        assertTrue(anyOpinion, "the demo cluster is known: not every host gets the neutral score");

        Map<?, ?> filtered = (Map<?, ?>) engine.execute("runFilters", new Object[]{List.of("PwbPredictiveFilter"),
                hostIds, vm, ""});
        assertEquals(0, filtered.get("result_code"));
        List<Object> passed = Arrays.asList((Object[]) filtered.get("result"));
        assertTrue(hosts.containsAll(passed));

        Map<?, ?> balanced = (Map<?, ?>) engine.execute("runLoadBalancing", new Object[]{"PwbPredictiveBalance",
                hostIds, null});
        Object[] move = (Object[]) balanced.get("result");
        assertEquals(2, move.length, "[vmId, [candidates]] or [\"\", []]");
    }
}
