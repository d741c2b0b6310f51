package io.pwb.openstack.watcher;

import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.Vm;
import io.pwb.engine.placement.HostFilter;
import io.pwb.engine.placement.PlacementContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nova's Placement check, which the engine's CPU and memory projection does not cover: the instance's flavor
 * vCPUs and disk must fit in what the destination's inventory ((total - reserved) x allocation ratio) leaves
 * free next to the flavors already there and those on their way (pending shadows and this audit's earlier
 * moves). Flavor memory is the engine's memory resource, a hard fit limit in Watcher audits. Instances leaving a
 * node still count there until they are gone (conservative, as the engine's capacity view).
 */
final class NovaAllocationFilter implements HostFilter {

    private final Map<String, WatcherInstance> instances = new HashMap<>();
    private final Map<String, WatcherNode> nodes = new HashMap<>();
    private final Map<String, double[]> vcpusAndDiskByNode = new HashMap<>();

    NovaAllocationFilter(List<WatcherNode> nodes, List<WatcherInstance> instances) {
        nodes.forEach(n -> this.nodes.put(n.uuid(), n));
        for (WatcherInstance i : instances) {
            this.instances.put(i.uuid(), i);
            if (i.nodeUuid() != null) {
                double[] used = vcpusAndDiskByNode.computeIfAbsent(i.nodeUuid(), k -> new double[2]);
                used[0] += i.vcpus();
                used[1] += i.diskGb();
            }
        }
    }

    @Override
    public String name() {
        return "nova-allocation";
    }

    @Override
    public String reject(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        ClusterProjection p = ctx.projection();
        if (p.arrivingOn(vm.id()) == host) {
            return null; // its own shadow already holds the allocation
        }
        WatcherInstance moving = instances.get(vm.id());
        WatcherNode node = nodes.get(p.host(host).id());
        if (moving == null || node == null) {
            return null; // not an instance of this audit's model: nothing Nova would allocate here
        }
        double[] resident = vcpusAndDiskByNode.getOrDefault(node.uuid(), new double[2]);
        double vcpus = resident[0] + moving.vcpus();
        double disk = resident[1] + moving.diskGb();
        for (Map.Entry<String, Integer> arriving : p.arriving().entrySet()) {
            WatcherInstance other = instances.get(arriving.getKey());
            if (arriving.getValue() == host && other != null && !node.uuid().equals(other.nodeUuid())) {
                vcpus += other.vcpus();
                disk += other.diskGb();
            }
        }
        if (vcpus > node.vcpuCapacity() + 1e-9) {
            return String.format("flavor vCPUs: %.0f allocated with this instance > %.1f", vcpus,
                    node.vcpuCapacity());
        }
        if (disk > node.diskGbCapacity() + 1e-9) {
            return String.format("flavor disk: %.0f GB allocated with this instance > %.1f GB", disk,
                    node.diskGbCapacity());
        }
        return null;
    }
}
