package io.pwb.openstack.collector;

import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.Vm;
import io.pwb.openstack.watcher.WatcherInstance;
import io.pwb.openstack.watcher.WatcherNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The collected cloud in the engine's vocabulary, mapped as a Watcher audit maps its model
 * ({@link WatcherNode#engineHost}, {@link WatcherInstance#engineSize}), so that PWB's engine (placement filters,
 * capacity projections, shadows) sees what Nova and Placement say between audits: CPU as physical vCPUs, memory
 * as Placement's (total - reserved) up to its allocation ratio; a host's state from its compute service; an
 * instance that is locked, not active or otherwise pinned is not migratable.
 */
public final class EngineInventory {

    /** Hosts and VMs for {@code ClusterEngine.replaceInventory}, and the instances left out with why. */
    public record Mapped(List<Host> hosts, List<Vm> vms, List<String> leftOut) {
    }

    private EngineInventory() {
    }

    public static Mapped of(OpenStackInventory inventory, String clusterId) {
        List<Host> hosts = new ArrayList<>();
        for (WatcherNode n : inventory.nodes()) {
            hosts.add(n.engineHost(clusterId, state(n)));
        }
        List<Vm> vms = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (WatcherInstance i : inventory.instances()) {
            if (!i.sizeKnown()) {
                leftOut.add(i.uuid() + ": flavor unknown");
                continue;
            }
            vms.add(new Vm(i.uuid(), i.name(), i.nodeUuid(), i.engineSize(), null, i.pinnedReason().isEmpty(),
                    Map.of(), null));
        }
        return new Mapped(hosts, vms, leftOut);
    }

    /** Up and enabled receives instances; a disabled compute service keeps its instances but takes no new ones. */
    private static HostState state(WatcherNode n) {
        if (!"up".equalsIgnoreCase(n.state())) {
            return HostState.DOWN;
        }
        return n.acceptsInstances() ? HostState.UP : HostState.NON_OPERATIONAL;
    }
}
