package io.pwb.ovirt.http;

import io.pwb.ovirt.xmlrpc.XmlRpcFault;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import io.pwb.ovirt.xmlrpc.XmlRpcResponseWriter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The XML-RPC endpoint the oVirt engine calls: HTTP POST on {@code /} or {@code /RPC2}. Bodies are collected on the
 * event loop up to the size limit (larger ones get a 413 fault at once and are discarded), then parsed and answered
 * on the endpoint's own bounded pool so that many engine threads are served at once. A request that is not answered
 * within the time limit gets a fault, and the thread answering it is interrupted, so that a call stuck waiting (for
 * the balancing lock, say) frees its thread for the next. Nothing a client sends can stop the endpoint.
 */
public final class XmlRpcHttpEndpoint implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(XmlRpcHttpEndpoint.class.getName());
    private static final String XML = "text/xml; charset=UTF-8";
    /** How much of an over-long body is read and discarded (so the client sees the 413) before hanging up. */
    private static final long MAX_DISCARD_BYTES = 256L * 1024 * 1024;
    /** Calls that may wait for a free thread, per thread; beyond that a call is refused at once. */
    private static final int QUEUED_PER_THREAD = 8;

    private final Vertx vertx;
    private final XmlRpcCallHandler handler;
    private final XmlRpcLimits limits;
    private final int workerThreads;
    private CallPool workers;
    private HttpServer server;

    public XmlRpcHttpEndpoint(Vertx vertx, XmlRpcCallHandler handler, XmlRpcLimits limits, int workerThreads) {
        this.vertx = vertx;
        this.handler = handler;
        this.limits = limits;
        this.workerThreads = workerThreads;
    }

    /** Binds plain HTTP and returns the actual port (useful with port 0). Blocks until bound or failed. */
    public int start(String host, int port) throws Exception {
        return start(host, port, Optional.empty());
    }

    /**
     * Binds (HTTPS when {@code tls} is given, and then only HTTPS) and returns the actual port. Blocks until bound or
     * failed; an unusable key store fails here, before anything listens.
     */
    public synchronized int start(String host, int port, Optional<XmlRpcTls> tls) throws Exception {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setIdleTimeout(120)
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(16 * 1024)
                .setHandle100ContinueAutomatically(true)
                .setCompressionSupported(false);
        if (tls.isPresent()) {
            tls.get().applyTo(options);
        }
        workers = new CallPool("pwb-ovirt-xmlrpc", workerThreads, workerThreads * QUEUED_PER_THREAD);
        HttpServer s = vertx.createHttpServer(options).requestHandler(this::onRequest);
        try {
            server = s.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            workers.close();
            workers = null;
            throw e;
        }
        String scheme = tls.isPresent() ? "https" : "http";
        LOG.info(() -> "oVirt external scheduler endpoint listening on " + scheme + "://" + host + ":" + server.actualPort() + "/");
        return server.actualPort();
    }

    public synchronized int port() {
        return server == null ? -1 : server.actualPort();
    }

    @Override
    public synchronized void close() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            server = null;
        }
        if (workers != null) {
            workers.close();
            workers = null;
        }
    }

    private void onRequest(HttpServerRequest req) {
        Exchange ex = new Exchange(req);
        if (!"/".equals(req.path()) && !"/RPC2".equals(req.path())) {
            ex.refuse(404, XmlRpcFault.INVALID_REQUEST, "no XML-RPC endpoint at this path; use / or /RPC2");
            return;
        }
        if (req.method() != HttpMethod.POST) {
            req.response().putHeader("Allow", "POST");
            ex.refuse(405, XmlRpcFault.INVALID_REQUEST, "XML-RPC requests are HTTP POSTs");
            return;
        }
        long declared = contentLength(req);
        if (declared > limits.maxRequestBytes()) {
            ex.refuse(413, XmlRpcFault.LIMIT_EXCEEDED, tooLarge(declared));
            return;
        }
        CallPool pool = workers;
        long timer = vertx.setTimer(limits.timeLimit().toMillis(), t -> ex.timedOut(limits));
        req.handler(chunk -> {
            if (ex.answered) {
                ex.discard(chunk.length());
            } else if (ex.body.length() + chunk.length() > limits.maxRequestBytes()) {
                vertx.cancelTimer(timer);
                ex.refuse(413, XmlRpcFault.LIMIT_EXCEEDED, tooLarge(ex.body.length() + (long) chunk.length()));
            } else {
                ex.body.appendBuffer(chunk);
            }
        });
        req.exceptionHandler(e -> vertx.cancelTimer(timer));
        req.endHandler(v -> {
            if (ex.answered) {
                return;
            }
            byte[] bytes = ex.body.getBytes();
            Context context = vertx.getOrCreateContext();
            Optional<Future<String>> call = pool.submit(() -> handler.handle(bytes), context, outcome -> {
                vertx.cancelTimer(timer);
                if (outcome instanceof CallPool.Answered answered) {
                    ex.reply(200, answered.document(), false);
                } else if (outcome instanceof CallPool.Failed failed) {
                    LOG.log(Level.WARNING, "XML-RPC call failed", failed.cause());
                    ex.reply(200, XmlRpcResponseWriter.fault(XmlRpcFault.INTERNAL_ERROR, "internal error"), true);
                }
            });
            if (call.isEmpty()) {
                vertx.cancelTimer(timer);
                ex.reply(200, XmlRpcResponseWriter.fault(XmlRpcFault.LIMIT_EXCEEDED,
                        "too many calls in progress; try again"), true);
                return;
            }
            ex.call = call.get();
        });
    }

    private String tooLarge(long bytes) {
        return "request body of " + (bytes < 0 ? "unknown size" : "at least " + bytes + " bytes")
                + " exceeds the limit of " + limits.maxRequestBytes() + " bytes";
    }

    private static long contentLength(HttpServerRequest req) {
        String v = req.getHeader("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // refuse what cannot be measured
        }
    }

    /** One request and its response; all methods run on the request's event loop. */
    private static final class Exchange {
        private final HttpServerRequest req;
        private final Buffer body = Buffer.buffer();
        private boolean answered;
        private long discarded;
        /** The call answering this request, once the body is in. */
        private Future<String> call;

        Exchange(HttpServerRequest req) {
            this.req = req;
        }

        /** Answers at once and reads the rest of the body into the void, so the client sees the answer. */
        void refuse(int status, int faultCode, String message) {
            reply(status, XmlRpcResponseWriter.fault(faultCode, message), true);
            if (!req.isEnded()) {
                req.handler(chunk -> discard(chunk.length()));
                req.endHandler(v -> req.connection().close());
            }
        }

        /** Too slow (a body that trickles in, or an answer that takes too long): a fault, then hang up. */
        void timedOut(XmlRpcLimits limits) {
            boolean stillReceiving = !req.isEnded();
            reply(200, XmlRpcResponseWriter.fault(XmlRpcFault.LIMIT_EXCEEDED,
                    "request not answered within " + limits.timeLimit()), true);
            if (call != null) {
                call.cancel(true); // its answer would come too late: free the thread
            }
            if (stillReceiving) {
                req.connection().close();
            }
        }

        void discard(int bytes) {
            discarded += bytes;
            if (discarded > MAX_DISCARD_BYTES) {
                req.connection().close();
            }
        }

        void reply(int status, String document, boolean closeConnection) {
            if (answered || req.response().ended() || req.response().closed()) {
                return;
            }
            answered = true;
            if (closeConnection) {
                req.response().putHeader("Connection", "close");
            }
            req.response().setStatusCode(status).putHeader("Content-Type", XML).end(document);
        }
    }
}
