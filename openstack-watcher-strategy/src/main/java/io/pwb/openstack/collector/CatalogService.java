package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.function.Supplier;

/**
 * A service of the Keystone catalog (Nova, Placement, Gnocchi) called over plain REST: its endpoint, and each
 * request sent with the current Keystone token.
 */
final class CatalogService {

    private final String name;
    private final URI base;
    private final Supplier<String> token;
    private final JsonHttp http;

    /** @param name how failures name the service, e.g. {@code Nova} */
    CatalogService(String name, URI endpoint, Supplier<String> token, JsonHttp http) {
        this.name = name;
        this.base = JsonHttp.directory(endpoint);
        this.token = token;
        this.http = http;
    }

    /** A request for a path below the endpoint (the endpoint may itself have a path, e.g. {@code /v2.1}). */
    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery));
    }

    /** Sends with the current token; 404 gives null (no such resource); other errors throw with the status. */
    JsonNode send(HttpRequest.Builder request) {
        return http.getJson(name, request.header("X-Auth-Token", token.get()));
    }
}
