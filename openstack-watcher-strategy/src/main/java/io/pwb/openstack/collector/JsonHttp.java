package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

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

    /** The URI with a trailing slash, so that relative paths resolve below it rather than beside it. */
    static URI directory(URI base) {
        String b = base.toString();
        return b.endsWith("/") ? base : URI.create(b + "/");
    }

    JsonHttp(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
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
            throw new OpenStackCallException(service + " at " + r.uri().getScheme() + "://" + r.uri().getAuthority()
                    + " cannot be reached: " + e, 0);
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
