package io.pwb.ovirt.conformance;

import io.pwb.ovirt.http.XmlRpcCallHandler;
import io.pwb.ovirt.http.XmlRpcHttpEndpoint;
import io.pwb.ovirt.http.XmlRpcTls;
import io.pwb.ovirt.proxy.ExternalSchedulerBackend;
import io.pwb.ovirt.proxy.ExternalSchedulerProtocol;
import io.pwb.ovirt.proxy.ScoreTuples;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import io.pwb.ovirt.xmlrpc.XmlRpcRequestParser;
import io.vertx.core.Vertx;

import java.util.Optional;

/** A real endpoint on an ephemeral loopback port over a given backend. */
final class EndpointFixture implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final XmlRpcHttpEndpoint endpoint;
    final int port;

    private final String scheme;

    EndpointFixture(ExternalSchedulerBackend backend, ScoreTuples tuples, XmlRpcLimits limits) throws Exception {
        this(backend, tuples, limits, Optional.empty());
    }

    EndpointFixture(ExternalSchedulerBackend backend, ScoreTuples tuples, XmlRpcLimits limits,
                    Optional<XmlRpcTls> tls) throws Exception {
        this(backend, tuples, limits, tls, 8);
    }

    EndpointFixture(ExternalSchedulerBackend backend, ScoreTuples tuples, XmlRpcLimits limits,
                    Optional<XmlRpcTls> tls, int workerThreads) throws Exception {
        scheme = tls.isPresent() ? "https" : "http";
        XmlRpcCallHandler handler = new XmlRpcCallHandler(new XmlRpcRequestParser(limits),
                new ExternalSchedulerProtocol(backend, tuples));
        endpoint = new XmlRpcHttpEndpoint(vertx, handler, limits, workerThreads);
        try {
            port = endpoint.start("127.0.0.1", 0, tls);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    String url(String path) {
        return scheme + "://127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws Exception {
        endpoint.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
