package io.pwb.openstack.os4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.HttpMethod;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.ObjectMapperSingleton;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Translates an OpenStack4j request (URL with query, method, headers, entity or JSON) into a JDK request. */
final class JdkHttpRequests {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> JDK_OWNED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private JdkHttpRequests() {
    }

    static java.net.http.HttpRequest toJdk(HttpRequest<?> request) throws IOException {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.getUrl()));
        int readTimeoutMillis = request.getConfig().getReadTimeout();
        if (readTimeoutMillis > 0) {
            // The JDK has no socket read timeout; the request timeout bounds the wait for the answer instead.
            b.timeout(Duration.ofMillis(readTimeoutMillis));
        }
        boolean hasContentType = false;
        for (Map.Entry<String, Object> h : request.getHeaders().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            // OS4J-Auth-Command only marks the login request for the executor; the server has no use for it.
            if (h.getValue() == null || JDK_OWNED.contains(name)
                    || name.equalsIgnoreCase(ClientConstants.HEADER_OS4J_AUTH)) {
                continue;
            }
            hasContentType |= name.equalsIgnoreCase(ClientConstants.HEADER_CONTENT_TYPE);
            b.header(h.getKey(), String.valueOf(h.getValue()));
        }
        BodyPublisher body = body(request);
        if (body != null && !hasContentType) {
            b.header(ClientConstants.HEADER_CONTENT_TYPE, request.hasJson() && request.getEntity() == null
                    || request.getContentType() == null ? ClientConstants.CONTENT_TYPE_JSON : request.getContentType());
        }
        HttpMethod method = request.getMethod();
        return b.method(method.name(), body != null ? body
                : method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
                ? BodyPublishers.ofByteArray(new byte[0]) : BodyPublishers.noBody()).build();
    }

    /** For messages: scheme, authority and path, never the query. */
    static String withoutQuery(URI u) {
        return u.getScheme() + "://" + u.getRawAuthority() + u.getRawPath();
    }

    /** The entity as OpenStack4j serialises it (its own ObjectMapper per model type), or its raw JSON; null: none. */
    private static BodyPublisher body(HttpRequest<?> request) throws JsonProcessingException, IOException {
        Object entity = request.getEntity();
        if (entity instanceof InputStream in) {
            try (in) {
                return BodyPublishers.ofByteArray(in.readAllBytes());
            }
        }
        if (entity != null) {
            return BodyPublishers.ofString(
                    ObjectMapperSingleton.getContext(entity.getClass()).writer().writeValueAsString(entity));
        }
        return request.hasJson() ? BodyPublishers.ofString(request.getJson()) : null;
    }
}
