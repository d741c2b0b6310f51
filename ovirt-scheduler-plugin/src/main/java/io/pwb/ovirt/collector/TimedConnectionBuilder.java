package io.pwb.ovirt.collector;

import org.apache.http.HttpResponse;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.config.CookieSpecs;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.config.SocketConfig;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.ssl.SSLContexts;
import org.ovirt.engine.sdk4.ConnectionBuilder;
import org.ovirt.engine.sdk4.HttpClient;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.Optional;

/**
 * The SDK's connection with an HTTP client that cannot wait forever. The SDK 4.4's own builder takes
 * {@code timeout(int)} in seconds and uses it only to connect: a TLS handshake or a response that never comes blocks
 * the caller for good. Here one timeout in milliseconds bounds connecting, the TLS handshake (the socket's default
 * read timeout, which applies before a request's own), each wait for data and the wait for a pooled connection.
 * Otherwise the client is the SDK's: https only, host name checked, cookies ignored, the user's credentials offered
 * to the engine's host, compressed responses accepted.
 */
final class TimedConnectionBuilder extends ConnectionBuilder {

    private final int timeoutMillis;
    private final Optional<SSLContext> trust;

    /** @param trust what to trust; empty for the JVM's trust store */
    TimedConnectionBuilder(Duration timeout, Optional<SSLContext> trust) {
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
        this.trust = trust;
    }

    @Override
    protected HttpClient createHttpClient() {
        var tls = new SSLConnectionSocketFactory(trust.orElseGet(SSLContexts::createDefault), new DefaultHostnameVerifier());
        var connections = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create().register("https", tls).build());
        connections.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(timeoutMillis).build());
        RequestConfig requests = RequestConfig.custom()
                .setCookieSpec(CookieSpecs.IGNORE_COOKIES)
                .setConnectTimeout(timeoutMillis)
                .setSocketTimeout(timeoutMillis)
                .setConnectionRequestTimeout(timeoutMillis)
                .build();
        var credentials = new BasicCredentialsProvider();
        if (user != null && !user.isEmpty()) {
            credentials.setCredentials(new AuthScope(getHost(), getPort(), AuthScope.ANY_REALM, AuthScope.ANY_SCHEME),
                    new UsernamePasswordCredentials(user, password));
        }
        CloseableHttpClient client = HttpClientBuilder.create()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(requests)
                .setDefaultCredentialsProvider(credentials)
                .build();
        return new HttpClient() {
            @Override
            public HttpResponse execute(HttpUriRequest request) throws Exception {
                return client.execute(request);
            }

            @Override
            public void close() throws Exception {
                client.close(); // also closes connections in use, which ends a read blocked on them
            }
        };
    }
}
