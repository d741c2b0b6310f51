package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static io.pwb.openstack.collector.NovaApi.text;

/**
 * Nova's server list over plain REST ({@code GET /servers/detail?all_tenants=True}, paged with limit and marker),
 * because OpenStack4j's Server model lacks {@code locked} (from microversion 2.9) and does not follow Nova's paging.
 * From 2.47 each server carries its flavor's sizes, so private and deleted flavors keep a VM's size.
 */
final class NovaServers {

    /** A flavor's sizes as embedded in a server: disk is root + ephemeral + swap (MB, rounded up to GB). */
    record FlavorSize(int vcpus, long memoryMb, long diskGb) {
    }

    /**
     * One server as the collector needs it.
     *
     * @param flavor null when Nova did not say (a server in a cell that is down, or a Nova that ignored the
     *               microversion and named the flavor by id only)
     * @param locked null when Nova did not say
     */
    record Server(String id, String name, String vmState, String status, String host, String hypervisorHostname,
                  FlavorSize flavor, Boolean locked) {
    }

    private final NovaApi nova;

    NovaServers(NovaApi nova) {
        this.nova = nova;
    }

    List<Server> list() {
        List<Server> out = new ArrayList<>();
        for (JsonNode s : nova.markerPaged("servers/detail?all_tenants=True", "servers")) {
            out.add(server(s));
        }
        return out;
    }

    private static Server server(JsonNode s) {
        JsonNode locked = s.get("locked");
        return new Server(text(s, "id"), text(s, "name"), text(s, "OS-EXT-STS:vm_state"), text(s, "status"),
                text(s, "OS-EXT-SRV-ATTR:host"), text(s, "OS-EXT-SRV-ATTR:hypervisor_hostname"),
                flavor(s.path("flavor")), locked != null && locked.isBoolean() ? locked.asBoolean() : null);
    }

    /** The embedded flavor's sizes, or null unless it has at least one vCPU and some memory. */
    private static FlavorSize flavor(JsonNode f) {
        int vcpus = f.path("vcpus").isIntegralNumber() ? f.path("vcpus").asInt() : 0;
        long ram = f.path("ram").isIntegralNumber() ? f.path("ram").asLong() : 0;
        if (vcpus < 1 || ram < 1) {
            return null;
        }
        long disk = Math.max(0, f.path("disk").asLong()) + Math.max(0, f.path("ephemeral").asLong())
                + (long) Math.ceil(Math.max(0, f.path("swap").asLong()) / 1024.0);
        return new FlavorSize(vcpus, ram, disk);
    }
}
