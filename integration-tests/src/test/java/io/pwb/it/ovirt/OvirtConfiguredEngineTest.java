package io.pwb.it.ovirt;

import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.ovirt.quarkus.OvirtXmlRpcLifecycle;
import io.pwb.service.planning.EngineService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application with {@code pwb.ovirt.engine.*} pointing at the HTTPS engine stub: the collector starts
 * by itself, logs in once, and the units then answer for that engine's hosts and VMs.
 */
@QuarkusTest
@WithTestResource(OvirtEngineStubResource.class)
class OvirtConfiguredEngineTest {

    @Inject
    OvirtXmlRpcLifecycle lifecycle;

    @Inject
    EngineService engines;

    @Test
    void collectsFromTheConfiguredEngineAndAnswersForItsHostsAndVms() throws Exception {
        OvirtEngineStub stub = OvirtEngineStubResource.stub;
        ClusterEngine cluster = null;
        for (int i = 0; i < 600 && cluster == null; i++) {
            Optional<ClusterEngine> c = engines.registry().existing(OvirtEngineStub.CLUSTER_ID)
                    .filter(e -> e.hosts().size() == 2);
            if (c.isPresent()) {
                cluster = c.get();
            } else {
                Thread.sleep(100);
            }
        }
        assertTrue(cluster != null, "the collector fed the oVirt cluster into PWB's engine");
        String[] hostIds = stub.hosts.keySet().toArray(String[]::new);
        String web = stub.vms.values().stream().filter(v -> v.name.equals("ovirt-web")).findFirst().orElseThrow().id;
        assertTrue(cluster.vm(web).isPresent());

        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(new URL("http://127.0.0.1:" + lifecycle.port() + "/RPC2"));
        config.setEnabledForExtensions(true);
        config.setConnectionTimeout(100);
        config.setReplyTimeout(120_000);
        XmlRpcClient engine = new XmlRpcClient();
        engine.setConfig(config);
        Map<?, ?> scored = (Map<?, ?>) engine.execute("runCostFunctions", new Object[]{
                List.<Object[]>of(new Object[]{"PwbPredictiveWeight", 1}), hostIds, web, Map.of("HighUtilization", "80")});
        assertEquals(0, scored.get("result_code"));
        Object[] scores = (Object[]) scored.get("result");
        assertEquals(2, scores.length);
        assertTrue(Arrays.stream(scores).map(o -> (Object[]) o).anyMatch(t -> (Integer) t[1] != 50),
                "known VM and hosts: PWB has an opinion");
        assertEquals(1, stub.tokensIssued.get(), "one SSO login, reused by every collection");
    }
}
