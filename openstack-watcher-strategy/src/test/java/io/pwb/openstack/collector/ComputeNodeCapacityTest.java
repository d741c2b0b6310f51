package io.pwb.openstack.collector;

import io.pwb.openstack.watcher.WatcherNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node's capacity per resource class: Placement, else the hypervisor's sizes, else unknown (no capacity). */
class ComputeNodeCapacityTest {

    private static final PlacementInventories.Inventory VCPU = new PlacementInventories.Inventory(32, 2, 4.0);
    private static final PlacementInventories.Inventory MEMORY = new PlacementInventories.Inventory(131072, 4096, 1.5);

    private static NovaHypervisors.Hypervisor hypervisor(Long vcpus, Long memoryMb, Long diskGb) {
        return new NovaHypervisors.Hypervisor("a1b2c3d4-0000-4000-8000-000000000001", "cmp1.example", "cmp1", "up",
                "enabled", new NovaHypervisors.Sizes(vcpus, memoryMb, diskGb));
    }

    @Test
    void placementWinsAndAMissingClassFallsBackToTheHypervisorAlone() {
        // Disk in a shared provider (Ceph), not on the compute node: only DISK_GB comes from Nova.
        ComputeNodeCapacity.Node n = ComputeNodeCapacity.of(hypervisor(40L, 200_000L, 900L),
                Map.of("VCPU", VCPU, "MEMORY_MB", MEMORY));
        WatcherNode node = n.node();
        assertEquals("cmp1", node.hostname());
        assertEquals((32 - 2) * 4.0, node.vcpuCapacity(), 1e-9);
        assertEquals((131072 - 4096) * 1.5, node.memoryMbCapacity(), 1e-9);
        assertEquals(900, node.diskGbCapacity(), 1e-9);
        assertFalse(n.capacityUnknown());
        assertEquals(List.of(), n.unknown());
    }

    @Test
    void withoutPlacementOrSizesTheNodeHasNoCapacity() {
        // Nova 2.88+ and no resource provider: nothing is known.
        ComputeNodeCapacity.Node none = ComputeNodeCapacity.of(hypervisor(null, null, null), Map.of());
        assertTrue(none.capacityUnknown());
        assertEquals(List.of("VCPU", "MEMORY_MB", "DISK_GB"), none.unknown());
        assertEquals(0, none.node().vcpus());
        assertEquals(0, none.node().memoryMb());

        // Memory unknown: the vCPUs Placement knows are not used either, so the node is neither source nor target.
        ComputeNodeCapacity.Node noMemory = ComputeNodeCapacity.of(hypervisor(null, null, null),
                Map.of("VCPU", VCPU, "DISK_GB", new PlacementInventories.Inventory(1000, 0, 1.0)));
        assertTrue(noMemory.capacityUnknown());
        assertEquals(List.of("MEMORY_MB"), noMemory.unknown());
        assertEquals(0, noMemory.node().vcpus());
        assertEquals(1000, noMemory.node().diskGbCapacity(), 1e-9);

        // Disk alone unknown: still a node, where only flavors without disk fit.
        ComputeNodeCapacity.Node noDisk = ComputeNodeCapacity.of(hypervisor(null, null, null),
                Map.of("VCPU", VCPU, "MEMORY_MB", MEMORY));
        assertFalse(noDisk.capacityUnknown());
        assertEquals(List.of("DISK_GB"), noDisk.unknown());
        assertEquals(0, noDisk.node().diskGbCapacity(), 1e-9);
    }
}
