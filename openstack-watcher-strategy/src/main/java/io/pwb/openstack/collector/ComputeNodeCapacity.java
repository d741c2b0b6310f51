package io.pwb.openstack.collector;

import io.pwb.openstack.watcher.WatcherNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A hypervisor's capacity per resource class: Placement's inventory (total, reserved, allocation ratio), else what
 * Nova's hypervisor reports (Watcher's fallback: nothing reserved, ratio 1; Nova stopped reporting it in 2.88), else
 * unknown. A node whose vCPUs or memory are unknown gets no capacity at all, so that neither the Watcher path nor
 * the engine moves anything to or from it (fail safe); an unknown disk is none, so only disk-less flavors fit.
 */
final class ComputeNodeCapacity {

    /**
     * The node as Watcher's model describes it, and the resource classes nobody reported.
     *
     * @param capacityUnknown its vCPUs or memory are unknown, so it has no capacity
     */
    record Node(WatcherNode node, boolean capacityUnknown, List<String> unknown) {
    }

    private ComputeNodeCapacity() {
    }

    static Node of(NovaHypervisors.Hypervisor h, Map<String, PlacementInventories.Inventory> placement) {
        List<String> unknown = new ArrayList<>();
        PlacementInventories.Inventory vcpu = resource("VCPU", placement, h.sizes().vcpus(), unknown);
        PlacementInventories.Inventory memory = resource("MEMORY_MB", placement, h.sizes().memoryMb(), unknown);
        PlacementInventories.Inventory disk = resource("DISK_GB", placement, h.sizes().diskGb(), unknown);
        boolean capacityUnknown = unknown.contains("VCPU") || unknown.contains("MEMORY_MB");
        if (capacityUnknown) {
            vcpu = none();
            memory = none();
        }
        return new Node(new WatcherNode(h.id(), h.serviceHost(), h.state(), h.status(), (int) vcpu.total(),
                (int) vcpu.reserved(), vcpu.allocationRatio(), memory.total(), memory.reserved(),
                memory.allocationRatio(), disk.total(), disk.reserved(), disk.allocationRatio()), capacityUnknown,
                List.copyOf(unknown));
    }

    private static PlacementInventories.Inventory resource(String resourceClass,
                                                           Map<String, PlacementInventories.Inventory> placement,
                                                           Long hypervisorTotal, List<String> unknown) {
        PlacementInventories.Inventory inventory = placement.get(resourceClass);
        if (inventory != null) {
            return inventory;
        }
        if (hypervisorTotal != null) {
            return new PlacementInventories.Inventory(hypervisorTotal, 0, 1.0);
        }
        unknown.add(resourceClass);
        return none();
    }

    private static PlacementInventories.Inventory none() {
        return new PlacementInventories.Inventory(0, 0, 1.0);
    }
}
