package io.pwb.ovirt.quarkus;

import io.pwb.ovirt.proxy.ScoreTuples;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code pwb.ovirt.xmlrpc.*}: the oVirt external-scheduler endpoint. */
@ConfigMapping(prefix = "pwb.ovirt.xmlrpc")
public interface OvirtXmlRpcConfig {

    /** Serve the endpoint at all. */
    @WithDefault("true")
    boolean enabled();

    /** Address to bind; loopback unless the oVirt engine runs on another machine. */
    @WithDefault("127.0.0.1")
    String host();

    /** The ovirt-scheduler-proxy port the engine expects by default (ExternalSchedulerServiceURL). */
    @WithDefault("18781")
    int port();

    /** Largest accepted request body. */
    @WithDefault("4194304")
    int maxRequestBytes();

    /** Deepest accepted nesting of values (the engine's requests nest 4 deep). */
    @WithDefault("32")
    int maxDepth();

    /** Time to receive, parse and answer one request. */
    @WithDefault("10s")
    Duration timeLimit();

    /** Threads answering engine calls concurrently. */
    @WithDefault("16")
    int workerThreads();

    /** {@code per-unit} ([host, score, unit], engine applies the policy factor) or {@code pre-weighted}. */
    @WithDefault("per-unit")
    ScoreTuples scoreTuples();

    /** {@code pwb.ovirt.xmlrpc.tls.*}: HTTPS instead of plain HTTP when a key store is given. */
    Tls tls();

    interface Tls {
        /** PKCS12 ({@code .p12}/{@code .pfx}) or JKS ({@code .jks}) key store with the server certificate and key. */
        Optional<Path> keyStoreFile();

        /** File holding the key store's password (one line). */
        Optional<Path> keyStorePasswordFile();
    }
}
