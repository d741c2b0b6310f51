package io.pwb.ovirt.collector;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one collection read from an oVirt engine. Statistics are kept by their oVirt names (for example
 * {@code cpu.current.user}, {@code memory.used}), summed over NICs and disks for the {@code nic.*} and
 * {@code disk.*} entries; {@link OvirtSamples} turns them into PWB's metric vocabulary.
 */
public record OvirtInventory(Instant collectedAt, List<Host> hosts, List<Vm> vms, List<AffinityGroup> affinityGroups) {

    public OvirtInventory {
        hosts = List.copyOf(hosts);
        vms = List.copyOf(vms);
        affinityGroups = List.copyOf(affinityGroups);
    }

    /** Statuses in which a host offers no capacity: drop it from projections. */
    static final java.util.Set<String> UNAVAILABLE_HOST_STATUSES = java.util.Set.of("maintenance",
            "preparing_for_maintenance", "non_operational", "non_responsive", "down", "error", "installing",
            "install_failed", "initializing", "connecting", "reboot", "kdumping", "pending_approval", "unassigned");

    public record Host(String id, String name, String clusterId, String status, int cpuCores, double cpuSpeedMhz,
                       long memoryBytes, long maxSchedulingMemoryBytes, Map<String, Double> statistics) {
        public Host {
            statistics = Map.copyOf(statistics);
        }

        public boolean inMaintenance() {
            return "maintenance".equals(status) || "preparing_for_maintenance".equals(status);
        }

        /** Up and schedulable; anything else offers no capacity. */
        public boolean available() {
            return !UNAVAILABLE_HOST_STATUSES.contains(status);
        }
    }

    /**
     * A VM as the engine reports it.
     *
     * @param status            the engine's VM status in lower case ({@code up}, {@code migrating}, {@code paused},
     *                          ...), {@code unknown} when absent
     * @param placementAffinity {@code placement_policy/affinity} in lower case: {@code migratable},
     *                          {@code user_migratable} or {@code pinned}; {@code unknown} when the engine sent none
     */
    public record Vm(String id, String name, String clusterId, Optional<String> hostId, String status,
                     String placementAffinity, int vcpus, long memoryBytes, Map<String, Double> statistics) {
        public Vm {
            statistics = Map.copyOf(statistics);
        }

        public boolean migrating() {
            return "migrating".equals(status);
        }

        /**
         * Whether PWB may propose to move it: only a VM the engine itself would live-migrate, i.e. running
         * ({@code up}, not migrating, paused or starting) with affinity {@code migratable}. {@code user_migratable}
         * VMs move only when a user asks, pinned ones never; without affinity data PWB cannot tell, so it does not.
         */
        public boolean movable() {
            return "up".equals(status) && "migratable".equals(placementAffinity);
        }
    }

    /** An affinity group's VM rule: positive means "keep together", i.e. the VMs depend on each other. */
    public record AffinityGroup(String id, String name, String clusterId, boolean vmRuleEnabled, boolean positive,
                                boolean enforcing, List<String> vmIds) {
        public AffinityGroup {
            vmIds = List.copyOf(vmIds);
        }
    }
}
