package io.pwb.ovirt.conformance;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.client.XmlRpcSunHttpTransportFactory;

import java.net.URL;
import java.util.List;
import java.util.Map;

/**
 * The oVirt engine's side of the protocol (ExternalSchedulerBrokerImpl): Apache XML-RPC 3.1.3, extensions on, the
 * Sun HTTP transport, the engine's default timeouts (ExternalSchedulerConnectionTimeout=100 ms,
 * ExternalSchedulerResponseTimeout=120000 ms), and the argument types the engine passes.
 */
final class EngineClient {

    private final XmlRpcClient client;

    EngineClient(String url) throws Exception {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(new URL(url));
        config.setEnabledForExtensions(true);
        config.setConnectionTimeout(100);
        config.setReplyTimeout(120_000);
        client = new XmlRpcClient();
        client.setConfig(config);
        client.setTransportFactory(new XmlRpcSunHttpTransportFactory(client));
    }

    Object discover() throws XmlRpcException {
        return client.execute("discover", new Object[]{});
    }

    Object runFilters(List<String> filters, String[] hostIds, String vmId, Object properties) throws XmlRpcException {
        return client.execute("runFilters", new Object[]{filters, hostIds, vmId, properties});
    }

    Object runCostFunctions(List<Object[]> weights, String[] hostIds, String vmId, Object properties)
            throws XmlRpcException {
        return client.execute("runCostFunctions", new Object[]{weights, hostIds, vmId, properties});
    }

    /** Properties are passed raw from the cluster: a map, or null (sent as ex:nil). */
    Object runLoadBalancing(String unit, String[] hostIds, Map<String, String> properties) throws XmlRpcException {
        return client.execute("runLoadBalancing", new Object[]{unit, hostIds, properties});
    }

    Object call(String method, Object... params) throws XmlRpcException {
        return client.execute(method, params);
    }
}
