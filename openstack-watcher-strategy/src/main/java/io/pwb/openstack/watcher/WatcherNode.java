package io.pwb.openstack.watcher;

import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.OvercommitRatios;
import io.pwb.engine.model.Resources;

import java.util.Set;

/**
 * A compute node as Watcher's compute model describes it (one Nova hypervisor).
 *
 * @param uuid        Watcher's node id (the hypervisor id); opaque, need not be a UUID
 * @param hostname    the nova-compute service host, used in migrate actions
 * @param state       {@code up} or {@code down}
 * @param status      {@code enabled} or {@code disabled}
 * @param vcpus       physical vCPUs (Placement VCPU total)
 * @param vcpuReserved reserved vCPUs
 * @param vcpuRatio   CPU allocation ratio
 */
public record WatcherNode(String uuid, String hostname, String state, String status,
                          int vcpus, int vcpuReserved, double vcpuRatio,
                          long memoryMb, long memoryMbReserved, double memoryRatio,
                          long diskGb, long diskGbReserved, double diskRatio) {

    public WatcherNode {
        state = state == null ? "up" : state;
        status = status == null ? "enabled" : status;
        vcpuRatio = vcpuRatio <= 0 ? 1.0 : vcpuRatio;
        memoryRatio = memoryRatio <= 0 ? 1.0 : memoryRatio;
        diskRatio = diskRatio <= 0 ? 1.0 : diskRatio;
    }

    /** Up and enabled: the only nodes that may receive an instance. */
    public boolean acceptsInstances() {
        return "up".equalsIgnoreCase(state) && "enabled".equalsIgnoreCase(status);
    }

    public double vcpuCapacity() {
        return (vcpus - vcpuReserved) * vcpuRatio;
    }

    public double memoryMbCapacity() {
        return (memoryMb - memoryMbReserved) * memoryRatio;
    }

    public double diskGbCapacity() {
        return (diskGb - diskGbReserved) * diskRatio;
    }

    /**
     * The node as an engine host. CPU is what Watcher's workload strategies measure utilisation against: the
     * physical vCPUs at {@link WatcherShadowBook#MHZ_PER_VCPU} each, not overcommitted (used CPU cannot exceed
     * them; Placement's VCPU allocation ratio is Nova's flavor check, not load). Memory holds flavors:
     * (total - reserved) MB promised up to the allocation ratio.
     */
    public Host engineHost(String clusterId, HostState hostState) {
        Resources capacity = Resources.of(vcpus * WatcherShadowBook.MHZ_PER_VCPU,
                Math.max(0, memoryMb - memoryMbReserved) * WatcherShadowBook.BYTES_PER_MB);
        return new Host(uuid, hostname, clusterId, capacity, OvercommitRatios.of(1.0, memoryRatio), hostState, null,
                null, Set.of());
    }
}
