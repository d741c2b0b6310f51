package io.pwb.ovirt.quarkus;

import io.pwb.ovirt.http.XmlRpcCallHandler;
import io.pwb.ovirt.http.XmlRpcHttpEndpoint;
import io.pwb.ovirt.proxy.ExternalSchedulerBackend;
import io.pwb.ovirt.proxy.ExternalSchedulerProtocol;
import io.pwb.ovirt.proxy.FailOpenBackend;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import io.pwb.ovirt.xmlrpc.XmlRpcRequestParser;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * Starts the oVirt external-scheduler endpoint with the application, on Quarkus's own Vert.x. A port that cannot
 * be bound is logged and does not stop the rest of PWB from starting.
 */
@ApplicationScoped
public class OvirtXmlRpcLifecycle {

    private static final Logger LOG = Logger.getLogger(OvirtXmlRpcLifecycle.class);

    private final OvirtXmlRpcConfig config;
    private final Vertx vertx;
    private final Instance<ExternalSchedulerBackend> backends;
    private XmlRpcHttpEndpoint endpoint;

    OvirtXmlRpcLifecycle(OvirtXmlRpcConfig config, Vertx vertx, Instance<ExternalSchedulerBackend> backends) {
        this.config = config;
        this.vertx = vertx;
        this.backends = backends;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("oVirt external scheduler endpoint disabled (pwb.ovirt.xmlrpc.enabled=false)");
            return;
        }
        ExternalSchedulerBackend backend = backends.isResolvable() ? backends.get() : new FailOpenBackend();
        XmlRpcLimits limits = new XmlRpcLimits(config.maxRequestBytes(), config.maxDepth(),
                XmlRpcLimits.DEFAULT.maxValues(), config.timeLimit());
        XmlRpcCallHandler handler = new XmlRpcCallHandler(new XmlRpcRequestParser(limits),
                new ExternalSchedulerProtocol(backend, config.scoreTuples()));
        XmlRpcHttpEndpoint candidate = new XmlRpcHttpEndpoint(vertx, handler, limits, config.workerThreads());
        try {
            int port = candidate.start(config.host(), config.port());
            endpoint = candidate;
            LOG.infof("oVirt external scheduler units served on http://%s:%d/ (backend %s)", config.host(), port,
                    backend.getClass().getSimpleName());
        } catch (Exception e) {
            LOG.errorf("oVirt external scheduler endpoint could not listen on %s:%d: %s", config.host(), config.port(),
                    e.getCause() != null ? e.getCause() : e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (endpoint != null) {
            try {
                endpoint.close();
            } catch (Exception e) {
                LOG.warn("closing the oVirt external scheduler endpoint failed", e);
            }
        }
    }

    /** The bound port, or -1 when the endpoint is not running. */
    public int port() {
        return endpoint == null ? -1 : endpoint.port();
    }
}
