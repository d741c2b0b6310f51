package io.pwb.openstack.quarkus;

import io.pwb.engine.model.AffinityRule;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Vm;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.openstack.collector.CollectionOutcome;
import io.pwb.openstack.collector.OpenStackInventory;
import io.pwb.openstack.collector.OpenStackPoller;
import io.pwb.openstack.collector.ServerGroup;
import io.pwb.openstack.watcher.WatcherInstance;
import io.pwb.openstack.watcher.WatcherNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What PWB's OpenStack collector last saw and what PWB's engine made of it: each node's Placement capacity as the
 * engine counts it, each instance's lock and whether the engine may move it, each server group and the engine rule
 * it became. Read-only, for operators checking the collector.
 */
@Path("/api/v1/openstack")
@Produces(MediaType.APPLICATION_JSON)
public class OpenStackResource {

    /** The last cycle: succeeded or why not, and when the next one runs. */
    public record CycleView(boolean succeeded, String failure, long nextRunInSeconds) {
    }

    /**
     * A compute node; capacities are Placement's (total - reserved) x allocation ratio.
     *
     * @param engineCpuMhz     CPU the engine measures the host's load against (physical vCPUs, 1000 MHz each)
     * @param engineMemoryBytes memory the engine holds for flavors (Placement total - reserved), promised up to
     *                          {@code engineMemoryOvercommit} (Placement's allocation ratio)
     */
    public record NodeView(String uuid, String hostname, String state, String status, boolean acceptsInstances,
                           int vcpus, int vcpuReserved, double vcpuAllocationRatio, double vcpuCapacity,
                           long memoryMb, long memoryMbReserved, double memoryAllocationRatio, double memoryMbCapacity,
                           long diskGb, long diskGbReserved, double diskAllocationRatio, double diskGbCapacity,
                           Double latestCpuPercent, String engineState, Double engineCpuMhz,
                           Double engineCpuOvercommit, Double engineMemoryBytes, Double engineMemoryOvercommit) {
    }

    /** An instance; {@code pinnedReason} says why PWB never moves it, {@code engineMigratable} what the engine holds. */
    public record InstanceView(String uuid, String name, String state, String nodeUuid, int vcpus, long memoryMb,
                               long diskGb, boolean locked, String pinnedReason, Double latestCpuPercent,
                               Boolean engineMigratable) {
    }

    /** A Nova server group and the engine rule it became (none for soft-anti-affinity or fewer than two members). */
    public record ServerGroupView(String id, String name, String policy, List<String> members, String engineRule,
                                  String engineRuleKind) {
    }

    public record InventoryView(boolean collecting, String metricsSource, Instant observedAt, CycleView lastCycle,
                                List<String> warnings, List<NodeView> nodes, List<InstanceView> instances,
                                List<ServerGroupView> serverGroups) {
    }

    private final OpenStackLifecycle lifecycle;
    private final OpenStackConfig config;

    public OpenStackResource(OpenStackLifecycle lifecycle, OpenStackConfig config) {
        this.lifecycle = lifecycle;
        this.config = config;
    }

    @GET
    @Path("/inventory")
    public InventoryView inventory() {
        Optional<OpenStackPoller> poller = lifecycle.poller();
        String source = config.metricsSource().strip().toLowerCase(java.util.Locale.ROOT);
        if (poller.isEmpty()) {
            return new InventoryView(false, source, null, null, List.of(), List.of(), List.of(), List.of());
        }
        CycleView cycle = poller.get().lastCycle().map(c -> new CycleView(
                c.outcome() instanceof CollectionOutcome.Collected,
                c.outcome() instanceof CollectionOutcome.Failed f ? f.reason() : null,
                c.nextRunIn().toSeconds())).orElse(null);
        Optional<OpenStackInventory> last = poller.get().lastInventory();
        if (last.isEmpty()) {
            return new InventoryView(true, source, null, cycle, List.of(), List.of(), List.of(), List.of());
        }
        OpenStackInventory inv = last.get();
        ClusterEngine engine = poller.get().engine().orElse(null);
        return new InventoryView(true, source, inv.observedAt(), cycle, inv.warnings(),
                inv.nodes().stream().map(n -> node(n, inv, engine)).toList(),
                inv.instances().stream().map(i -> instance(i, inv, engine)).toList(),
                serverGroups(inv, engine));
    }

    private static NodeView node(WatcherNode n, OpenStackInventory inv, ClusterEngine engine) {
        Host h = engine == null ? null : engine.host(n.uuid()).orElse(null);
        return new NodeView(n.uuid(), n.hostname(), n.state(), n.status(), n.acceptsInstances(), n.vcpus(),
                n.vcpuReserved(), n.vcpuRatio(), n.vcpuCapacity(), n.memoryMb(), n.memoryMbReserved(), n.memoryRatio(),
                n.memoryMbCapacity(), n.diskGb(), n.diskGbReserved(), n.diskRatio(), n.diskGbCapacity(),
                latest(inv.metrics().hostCpuPercent().get(n.uuid())),
                h == null ? null : h.state().name(), h == null ? null : h.capacity().cpuMhz(),
                h == null ? null : h.overcommit().cpu(), h == null ? null : h.capacity().memoryBytes(),
                h == null ? null : h.overcommit().memory());
    }

    private static InstanceView instance(WatcherInstance i, OpenStackInventory inv, ClusterEngine engine) {
        Boolean migratable = engine == null ? null : engine.vm(i.uuid()).map(Vm::migratable).orElse(null);
        return new InstanceView(i.uuid(), i.name(), i.state(), i.nodeUuid(), i.vcpus(), i.memoryMb(), i.diskGb(),
                i.locked(), i.pinnedReason().orElse(null), latest(inv.metrics().instanceCpuPercent().get(i.uuid())),
                migratable);
    }

    private static List<ServerGroupView> serverGroups(OpenStackInventory inv, ClusterEngine engine) {
        Map<String, AffinityRule> rules = new HashMap<>();
        if (engine != null) {
            engine.snapshot(Instant.now()).dependencies().rules().forEach(r -> rules.put(r.name(), r));
        }
        return inv.serverGroups().stream().map(g -> {
            AffinityRule r = rules.get(ServerGroup.RULE_PREFIX + g.id());
            return new ServerGroupView(g.id(), g.name(), g.policy(), g.memberUuids(), r == null ? null : r.name(),
                    r == null ? null : (r.positive() ? "affinity" : "anti-affinity") + (r.hard() ? ", hard" : ", soft"));
        }).toList();
    }

    private static Double latest(List<Double> series) {
        return series == null || series.isEmpty() ? null : series.get(series.size() - 1);
    }
}
