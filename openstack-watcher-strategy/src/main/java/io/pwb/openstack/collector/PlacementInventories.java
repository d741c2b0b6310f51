package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Placement's inventories of one resource provider over plain REST
 * ({@code GET /resource_providers/<uuid>/inventories}): OpenStack4j may throw a NullPointerException instead of
 * reporting Placement's 404 for a provider it does not know.
 */
final class PlacementInventories {

    /** One resource class of a provider: capacity is (total - reserved) x allocation ratio. */
    record Inventory(long total, long reserved, double allocationRatio) {
    }

    private final CatalogService placement;

    PlacementInventories(URI endpoint, Supplier<String> token, JsonHttp http) {
        this.placement = new CatalogService("Placement", endpoint, token, http);
    }

    /** Resource class (VCPU, MEMORY_MB, DISK_GB, ...) -> inventory; empty when Placement has no such provider. */
    Map<String, Inventory> of(String providerUuid) {
        JsonNode body = placement.send(placement.request("resource_providers/"
                + URLEncoder.encode(providerUuid, StandardCharsets.UTF_8) + "/inventories").GET());
        Map<String, Inventory> out = new HashMap<>();
        if (body == null) {
            return out; // 404: a hypervisor without a resource provider (yet)
        }
        body.path("inventories").fields().forEachRemaining(e -> {
            JsonNode i = e.getValue();
            if (i.path("total").isNumber()) {
                out.put(e.getKey(), new Inventory(i.path("total").asLong(), i.path("reserved").asLong(0),
                        i.path("allocation_ratio").asDouble(1.0)));
            }
        });
        return out;
    }
}
