package io.pwb.openstack.os4j;

import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.ProxyHost;
import org.openstack4j.core.transport.UntrustedSSL;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JDK HttpClient per connection setup (TLS context, connect timeout, proxy), shared by every request with
 * that setup: a client owns a connection pool and a selector thread, so one per request would waste both. The
 * few most recent setups are kept; an evicted client is closed by the garbage collector.
 */
final class JdkHttpClients {

    private static final int KEPT = 8;

    /** What a client is built from; the SSLContext compares by identity (a collector keeps its own). */
    private record Setup(SSLContext ssl, int connectTimeoutMillis, String proxyHost, int proxyPort) {
    }

    private static final Map<Setup, HttpClient> CLIENTS = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Setup, HttpClient> eldest) {
            return size() > KEPT;
        }
    };

    private JdkHttpClients() {
    }

    static HttpClient forConfig(Config config) {
        if (config.getHostNameVerifier() != null) {
            // The JDK client always checks the host name itself; silently ignoring a custom verifier would be worse.
            throw new IllegalArgumentException("PWB's OpenStack4j connector does not support Config.withHostnameVerifier");
        }
        ProxyHost proxy = config.getProxy();
        Setup setup = new Setup(sslContext(config), config.getConnectTimeout(),
                proxy == null ? null : proxy.getRawHost(), proxy == null ? 0 : proxy.getPort());
        synchronized (CLIENTS) {
            return CLIENTS.computeIfAbsent(setup, JdkHttpClients::build);
        }
    }

    /**
     * The Config's context; OpenStack4j's trust-all one only when the Config explicitly disables verification
     * (PWB never does). Null means the JVM's default trust store.
     */
    private static SSLContext sslContext(Config config) {
        return config.isIgnoreSSLVerification() ? UntrustedSSL.getSSLContext() : config.getSslContext();
    }

    private static HttpClient build(Setup setup) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // OpenStack APIs speak HTTP/1.1; no h2c upgrade attempts
                .followRedirects(HttpClient.Redirect.NORMAL); // like OkHttp's default, but never https -> http
        if (setup.ssl() != null) {
            b.sslContext(setup.ssl());
        }
        if (setup.connectTimeoutMillis() > 0) {
            b.connectTimeout(Duration.ofMillis(setup.connectTimeoutMillis()));
        }
        if (setup.proxyHost() != null) {
            b.proxy(ProxySelector.of(new InetSocketAddress(setup.proxyHost(), setup.proxyPort())));
        }
        return b.build();
    }
}
