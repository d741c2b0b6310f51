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
 * node still count there until they are gone (conservative, as the engine's capacity view). One filter per
 * audit: it is not thread-safe.
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

    /** Flavor vCPUs and disk on their way to each host, for the projection they were last computed on. */
    private ClusterProjection arrivalsOf;
    private double[][] arrivals;

    private double[] arrivingOn(ClusterProjection p, int host) {
        if (p != arrivalsOf) {
            // A new projection per planned move: recount the arrivals once, not once per host checked.
            arrivals = new double[p.hostCount()][2];
            for (Map.Entry<String, Integer> e : p.arriving().entrySet()) {
                WatcherInstance other = instances.get(e.getKey());
                int t = e.getValue();
                if (other != null && !p.host(t).id().equals(other.nodeUuid())) {
                    arrivals[t][0] += other.vcpus();
                    arrivals[t][1] += other.diskGb();
                }
            }
            arrivalsOf = p;
        }
        return arrivals[host];
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
        double[] arriving = arrivingOn(p, host);
        double vcpus = resident[0] + arriving[0] + moving.vcpus();
        double disk = resident[1] + arriving[1] + moving.diskGb();
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
