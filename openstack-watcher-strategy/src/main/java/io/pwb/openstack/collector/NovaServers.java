package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Nova's server list over plain REST ({@code GET /servers/detail?all_tenants=True}), because OpenStack4j's Server
 * model lacks {@code locked} (in server details from compute microversion 2.9) and does not follow Nova's paging.
 * Read at microversion 2.46: from 2.47 Nova embeds flavors without their id.
 */
final class NovaServers {

    static final String MICROVERSION = "2.46";
    /** Guards against a paging loop in a broken or hostile answer. */
    private static final int MAX_PAGES = 10_000;

    /**
     * One server as the collector needs it.
     *
     * @param locked null when Nova did not say (a microversion below 2.9 was served)
     */
    record Server(String id, String name, String vmState, String status, String host, String hypervisorHostname,
                  String flavorId, Boolean locked) {
    }

    private final URI compute;
    private final Supplier<String> token;
    private final JsonHttp http;

    NovaServers(URI compute, Supplier<String> token, JsonHttp http) {
        this.compute = JsonHttp.directory(compute);
        this.token = token;
        this.http = http;
    }

    List<Server> list() {
        List<Server> out = new ArrayList<>();
        Set<String> markers = new HashSet<>();
        String marker = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = "servers/detail?all_tenants=True" + (marker == null ? "" : "&marker=" + enc(marker));
            JsonNode body = http.getJson("Nova", HttpRequest.newBuilder(compute.resolve(query)).GET()
                    .header("X-Auth-Token", token.get())
                    .header("X-OpenStack-Nova-API-Version", MICROVERSION)
                    .header("OpenStack-API-Version", "compute " + MICROVERSION));
            if (body == null || !body.path("servers").isArray()) {
                throw new OpenStackCallException("Nova sent no server list for /servers/detail", 200);
            }
            for (JsonNode s : body.path("servers")) {
                out.add(server(s));
            }
            // Nova pages at its max_limit and then links to the next page (marker = the last id of this one).
            marker = nextMarker(body);
            if (marker == null || !markers.add(marker)) {
                return out;
            }
        }
        throw new OpenStackCallException("Nova's server list did not end after " + MAX_PAGES + " pages", 200);
    }

    private static Server server(JsonNode s) {
        JsonNode flavor = s.path("flavor");
        JsonNode locked = s.get("locked");
        return new Server(text(s, "id"), text(s, "name"), text(s, "OS-EXT-STS:vm_state"), text(s, "status"),
                text(s, "OS-EXT-SRV-ATTR:host"), text(s, "OS-EXT-SRV-ATTR:hypervisor_hostname"),
                flavor.isObject() ? text(flavor, "id") : null,
                locked != null && locked.isBoolean() ? locked.asBoolean() : null);
    }

    private static String nextMarker(JsonNode body) {
        for (JsonNode link : body.path("servers_links")) {
            if ("next".equals(link.path("rel").asText())) {
                String query = URI.create(link.path("href").asText()).getRawQuery();
                if (query != null) {
                    for (String kv : query.split("&")) {
                        if (kv.startsWith("marker=")) {
                            return java.net.URLDecoder.decode(kv.substring(7), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
        }
        return null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
