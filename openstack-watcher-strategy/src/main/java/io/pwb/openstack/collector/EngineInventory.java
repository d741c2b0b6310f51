package io.pwb.openstack.collector;

import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.OvercommitRatios;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import io.pwb.openstack.watcher.WatcherInstance;
import io.pwb.openstack.watcher.WatcherNode;
import io.pwb.openstack.watcher.WatcherShadowBook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The collected cloud in the engine's vocabulary, so that PWB's engine (placement filters, capacity projections,
 * shadows) sees what Nova and Placement say: a host's capacity is Placement's total minus reserved, promised up to
 * the allocation ratio; vCPUs count {@link WatcherShadowBook#MHZ_PER_VCPU} MHz each, as on the Watcher edge; an
 * instance that is locked, not active or otherwise pinned is not migratable.
 */
public final class EngineInventory {

    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    /** Hosts and VMs for {@code ClusterEngine.replaceInventory}, and the instances left out with why. */
    public record Mapped(List<Host> hosts, List<Vm> vms, List<String> leftOut) {
    }

    private EngineInventory() {
    }

    public static Mapped of(OpenStackInventory inventory, String clusterId) {
        List<Host> hosts = new ArrayList<>();
        for (WatcherNode n : inventory.nodes()) {
            hosts.add(host(n, clusterId));
        }
        List<Vm> vms = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (WatcherInstance i : inventory.instances()) {
            if (i.vcpus() < 1 || i.memoryMb() < 1) {
                leftOut.add(i.uuid() + ": flavor unknown");
                continue;
            }
            VmSize size = new VmSize(i.vcpus(), i.vcpus() * WatcherShadowBook.MHZ_PER_VCPU,
                    (long) (i.memoryMb() * BYTES_PER_MB));
            vms.add(new Vm(i.uuid(), i.name(), i.nodeUuid(), size, null, i.pinnedReason().isEmpty(), Map.of(), null));
        }
        return new Mapped(hosts, vms, leftOut);
    }

    static Host host(WatcherNode n, String clusterId) {
        double vcpus = Math.max(0, n.vcpus() - n.vcpuReserved());
        double memoryMb = Math.max(0, n.memoryMb() - n.memoryMbReserved());
        return new Host(n.uuid(), n.hostname(), clusterId,
                Resources.of(vcpus * WatcherShadowBook.MHZ_PER_VCPU, memoryMb * BYTES_PER_MB),
                OvercommitRatios.of(n.vcpuRatio(), n.memoryRatio()), state(n), null, null, Set.of());
    }

    /** Up and enabled receives instances; a disabled compute service keeps its instances but takes no new ones. */
    private static HostState state(WatcherNode n) {
        if (!"up".equalsIgnoreCase(n.state())) {
            return HostState.DOWN;
        }
        return n.acceptsInstances() ? HostState.UP : HostState.NON_OPERATIONAL;
    }
}
