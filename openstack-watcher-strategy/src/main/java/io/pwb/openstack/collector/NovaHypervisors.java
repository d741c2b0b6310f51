package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static io.pwb.openstack.collector.NovaApi.text;

/**
 * Nova's hypervisors over plain REST ({@code GET /os-hypervisors/detail}): from 2.33 Nova pages them at its
 * max_limit like servers (OpenStack4j reads only the first page), and from 2.88 they no longer carry their sizes.
 */
final class NovaHypervisors {

    /**
     * One hypervisor.
     *
     * @param serviceHost the nova-compute service host (migrate actions name it); the hypervisor name when absent
     * @param sizes       what Nova reports of vcpus, memory MB and local disk GB (nothing from microversion 2.88)
     */
    record Hypervisor(String id, String hypervisorHostname, String serviceHost, String state, String status,
                      Sizes sizes) {
    }

    /** Each null when not reported. */
    record Sizes(Long vcpus, Long memoryMb, Long diskGb) {
    }

    private final NovaApi nova;

    NovaHypervisors(NovaApi nova) {
        this.nova = nova;
    }

    List<Hypervisor> list() {
        List<Hypervisor> out = new ArrayList<>();
        for (JsonNode h : nova.markerPaged("os-hypervisors/detail", "hypervisors")) {
            String id = text(h, "id");
            if (id == null) {
                throw new OpenStackCallException("Nova sent a hypervisor without an id", 200);
            }
            String name = text(h, "hypervisor_hostname");
            String serviceHost = text(h.path("service"), "host");
            out.add(new Hypervisor(id, name, serviceHost != null ? serviceHost : name, text(h, "state"),
                    text(h, "status"), new Sizes(integral(h, "vcpus"), integral(h, "memory_mb"),
                    integral(h, "local_gb"))));
        }
        return out;
    }

    private static Long integral(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isIntegralNumber() ? v.asLong() : null;
    }
}
