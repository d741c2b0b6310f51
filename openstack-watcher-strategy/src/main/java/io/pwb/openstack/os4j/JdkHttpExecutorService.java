package io.pwb.openstack.os4j;

import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.HttpEntityHandler;
import org.openstack4j.core.transport.HttpExecutorService;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.openstack.internal.OSAuthenticator;
import org.openstack4j.openstack.internal.OSClientSession;

import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;

/**
 * PWB's OpenStack4j connector on the JDK's HttpClient (registered in META-INF/services), replacing the okhttp one,
 * whose OkHttp 3.14 refuses Config.withSSLContext on JDK 9+. Honours the request's Config (TLS context,
 * timeouts, proxy) and, like OpenStack4j's connectors, logs in again once when a service answers 401.
 */
public final class JdkHttpExecutorService implements HttpExecutorService {

    @Override
    public <R> HttpResponse execute(HttpRequest<R> request) {
        JdkHttpResponse response = send(request);
        if (response.getStatus() == 401 && !isLogin(request)) {
            // An expired or revoked token: OpenStack4j renews the session's token; this request is sent once more.
            HttpEntityHandler.closeQuietly(response);
            OSAuthenticator.reAuthenticate();
            request.getHeaders().put(ClientConstants.HEADER_X_AUTH_TOKEN, OSClientSession.getCurrent().getTokenId());
            return send(request);
        }
        return response;
    }

    /** Keystone's own login answers 401 for bad credentials: logging in again would only repeat it. */
    private static boolean isLogin(HttpRequest<?> request) {
        return request.getHeaders().containsKey(ClientConstants.HEADER_OS4J_AUTH);
    }

    /** A missing answer is an UnreachableException (a ConnectionException, status 0) naming the URL, not its query. */
    private static JdkHttpResponse send(HttpRequest<?> request) {
        java.net.http.HttpRequest jdk = null;
        try {
            jdk = JdkHttpRequests.toJdk(request);
            return new JdkHttpResponse(JdkHttpClients.forConfig(request.getConfig())
                    .send(jdk, BodyHandlers.ofInputStream()));
        } catch (HttpConnectTimeoutException e) {
            throw new UnreachableException(where(jdk), "no connection within "
                    + request.getConfig().getConnectTimeout() + " ms", e);
        } catch (HttpTimeoutException e) {
            throw new UnreachableException(where(jdk), "no answer within "
                    + request.getConfig().getReadTimeout() + " ms", e);
        } catch (IOException e) {
            throw new UnreachableException(where(jdk), e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException(where(jdk), "interrupted", e);
        }
    }

    private static String where(java.net.http.HttpRequest jdk) {
        if (jdk == null) {
            return "OpenStack"; // the request could not even be built (an entity stream failed)
        }
        return JdkHttpRequests.withoutQuery(jdk.uri());
    }

    @Override
    public String getExecutorDisplayName() {
        return "PWB JDK HttpClient connector";
    }
}
