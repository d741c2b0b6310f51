package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Nova's compute API over plain REST at one microversion: the GETs of the lists the collector reads (hypervisors,
 * servers, server groups), with the Keystone token, and the marker of Nova's next page.
 */
final class NovaApi {

    /** Guards against a paging loop in a broken or hostile answer. */
    static final int MAX_PAGES = 10_000;
    /** Asked per page; Nova caps it at its own max_limit (1000 by default) and pages on. */
    static final int PAGE_SIZE = 1000;

    private final CatalogService nova;
    private final NovaMicroversion microversion;

    NovaApi(URI compute, Supplier<String> token, JsonHttp http, NovaMicroversion microversion) {
        this.nova = new CatalogService("Nova", compute, token, http);
        this.microversion = microversion;
    }

    /** The answer to {@code GET <compute>/<pathAndQuery>}; null for a 404; anything but 2xx throws with the status. */
    JsonNode get(String pathAndQuery) {
        String version = microversion.toString();
        try {
            return nova.send(nova.request(pathAndQuery).GET()
                    .header("X-OpenStack-Nova-API-Version", version)
                    .header("OpenStack-API-Version", "compute " + version));
        } catch (OpenStackCallException e) {
            if (e.status() == 406) {
                throw new OpenStackCallException("Nova does not serve compute microversion " + version
                        + " (HTTP 406): set pwb.openstack.nova-microversion to one it supports", 406);
            }
            throw e;
        }
    }

    /**
     * Every item of a list Nova pages with {@code limit} and {@code marker} (servers, hypervisors from 2.33): each
     * page's {@code <field>_links} names the next one, by the marker of its last item.
     */
    List<JsonNode> markerPaged(String path, String field) {
        List<JsonNode> out = new ArrayList<>();
        Set<String> markers = new HashSet<>();
        String marker = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode body = get(path + (path.contains("?") ? "&" : "?") + "limit=" + PAGE_SIZE
                    + (marker == null ? "" : "&marker=" + URLEncoder.encode(marker, StandardCharsets.UTF_8)));
            list(body, field, path).forEach(out::add);
            marker = nextMarker(body, field);
            if (marker == null || !markers.add(marker)) {
                return out;
            }
        }
        throw new OpenStackCallException("Nova's " + field + " list did not end after " + MAX_PAGES + " pages", 200);
    }

    /**
     * Every item of a list Nova cuts at {@code offset} and {@code limit} without links (server groups): read until a
     * page comes back empty, since Nova may serve fewer than asked (its max_limit) before the end.
     */
    List<JsonNode> offsetPaged(String path, String field) {
        List<JsonNode> out = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode items = list(get(path + (path.contains("?") ? "&" : "?") + "limit=" + PAGE_SIZE + "&offset="
                    + out.size()), field, path);
            if (items.isEmpty()) {
                return out;
            }
            items.forEach(out::add);
        }
        throw new OpenStackCallException("Nova's " + field + " list did not end after " + MAX_PAGES + " pages", 200);
    }

    /** The list {@code field} of an answer; a missing list is a malformed answer, not an empty cloud. */
    static JsonNode list(JsonNode body, String field, String path) {
        if (body == null || !body.path(field).isArray()) {
            throw new OpenStackCallException("Nova sent no " + field + " list for " + path, 200);
        }
        return body.path(field);
    }

    /** The marker of the {@code next} link in {@code <field>_links}, or null on the last page. */
    private static String nextMarker(JsonNode body, String field) {
        for (JsonNode link : body.path(field + "_links")) {
            if ("next".equals(link.path("rel").asText())) {
                String query = URI.create(link.path("href").asText()).getRawQuery();
                if (query != null) {
                    for (String kv : query.split("&")) {
                        if (kv.startsWith("marker=")) {
                            return URLDecoder.decode(kv.substring(7), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
        }
        return null;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
