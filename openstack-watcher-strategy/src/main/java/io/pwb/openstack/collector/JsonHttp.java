package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.engine.runtime.TrustMaterial;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * The plain REST calls OpenStack4j does not cover (Gnocchi, Nova's {@code locked}, Prometheus): sends with a
 * timeout, parses JSON, and turns every failure into an {@link OpenStackCallException} that names the service and
 * the path, never the request's headers (they carry tokens).
 */
final class JsonHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: the path asked, the status and the JSON body (null when the body is not JSON). */
    record Answer(String path, int status, JsonNode body) {
    }

    private final HttpClient http;
    private final Duration timeout;
    private final String trust;

    /** The URI with a trailing slash, so that relative paths resolve below it rather than beside it. */
    static URI directory(URI base) {
        String b = base.toString();
        return b.endsWith("/") ? base : URI.create(b + "/");
    }

    /**
     * A client trusting the PEM CA bundle {@code caFile} for TLS, or the JVM's trust store when it is empty; a failed
     * handshake names {@code caSetting}, the setting that holds it.
     */
    static JsonHttp trusting(Optional<Path> caFile, String caSetting, Duration timeout) {
        return withContext(caFile.map(TrustMaterial::fromCaFile), trust(caFile, caSetting), timeout);
    }

    /** The same with an SSLContext already made from the CA file (shared with OpenStack4j's connector). */
    static JsonHttp withContext(Optional<SSLContext> ssl, String trust, Duration timeout) {
        // HTTP/1.1 as PWB's OpenStack4j connector: on plain http the JDK's default (HTTP/2) tries an h2c upgrade
        // that OpenStack services refuse, which made 400 loopback requests 1.5-3x slower.
        HttpClient.Builder h = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
        ssl.ifPresent(h::sslContext);
        return new JsonHttp(h.build(), timeout, trust);
    }

    /** What TLS trusts, for messages: the CA file and its setting, or the JVM's trust store. */
    static String trust(Optional<Path> caFile, String caSetting) {
        return caFile.map(ca -> "the CA file " + ca + " (" + caSetting + ")")
                .orElse("the JVM's trust store (" + caSetting + " is not set)");
    }

    private JsonHttp(HttpClient http, Duration timeout, String trust) {
        this.http = http;
        this.timeout = timeout;
        this.trust = trust;
    }

    /** The TLS handshake failure behind an I/O error, if that is what it was (the JDK may wrap it). */
    static Optional<SSLHandshakeException> handshakeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException h) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** Why a TLS handshake failed, in the words every collector message uses. */
    static String untrusted(String trust, String detail) {
        return "its TLS certificate is not trusted by " + trust + " or does not name the host (" + detail + ")";
    }

    /** Sends the request; any status is returned, only a missing answer throws (status 0). */
    Answer send(String service, HttpRequest.Builder request) {
        HttpRequest r = request.timeout(timeout).header("Accept", "application/json").build();
        HttpResponse<String> response;
        try {
            response = http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new OpenStackCallException(service + " did not answer " + r.uri().getPath() + " within "
                    + timeout.toMillis() + " ms", 0);
        } catch (IOException e) {
            throw new OpenStackCallException(service + " at " + origin(r) + " cannot be reached: "
                    + handshakeFailure(e).map(h -> untrusted(trust, h.getMessage())).orElse(e.toString()), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenStackCallException("interrupted while calling " + service, 0);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        return new Answer(r.uri().getPath(), response.statusCode(), body);
    }

    private static String origin(HttpRequest r) {
        return r.uri().getScheme() + "://" + r.uri().getAuthority();
    }

    /** Sends and expects 2xx with a JSON body; 404 gives null; anything else throws with the status. */
    JsonNode getJson(String service, HttpRequest.Builder request) {
        Answer a = send(service, request);
        String path = a.path();
        if (a.status() == 404) {
            return null;
        }
        if (a.status() >= 400 || a.status() < 200) {
            throw new OpenStackCallException(service + " answered HTTP " + a.status() + " for " + path, a.status());
        }
        if (a.body() == null) {
            throw new OpenStackCallException(service + " sent invalid JSON for " + path, a.status());
        }
        return a.body();
    }
}
