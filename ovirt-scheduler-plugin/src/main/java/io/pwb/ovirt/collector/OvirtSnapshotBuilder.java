package io.pwb.ovirt.collector;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.OvercommitRatios;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns an oVirt inventory and the VMs' forecasts into one engine snapshot per oVirt cluster. */
public final class OvirtSnapshotBuilder {

    private OvirtSnapshotBuilder() {
    }

    public static List<ClusterSnapshot> build(OvirtInventory inv, OvirtForecasts forecasts, PlanningSettings settings) {
        Map<String, List<Host>> hostsByCluster = new LinkedHashMap<>();
        Map<String, Host> hostsById = new LinkedHashMap<>();
        for (OvirtInventory.Host h : inv.hosts()) {
            if (h.clusterId() == null) {
                continue;
            }
            Host host = new Host(h.id(), h.name(), h.clusterId(),
                    Resources.of(Math.max(0, h.cpuCores() * h.cpuSpeedMhz()), Math.max(0, h.memoryBytes())),
                    OvercommitRatios.NONE, state(h), null, null, Set.of());
            hostsByCluster.computeIfAbsent(h.clusterId(), k -> new ArrayList<>()).add(host);
            hostsById.put(h.id(), host);
        }
        List<ClusterSnapshot> out = new ArrayList<>();
        for (Map.Entry<String, List<Host>> e : hostsByCluster.entrySet()) {
            String clusterId = e.getKey();
            double typicalCoreMhz = typicalCoreMhz(inv, clusterId);
            List<Vm> vms = new ArrayList<>();
            Set<String> vmIds = new HashSet<>();
            for (OvirtInventory.Vm v : inv.vms()) {
                if (!clusterId.equals(v.clusterId()) || v.memoryBytes() <= 0 || typicalCoreMhz <= 0) {
                    continue;
                }
                String hostId = v.hostId().filter(id -> hostsById.containsKey(id)
                        && clusterId.equals(hostsById.get(id).clusterId())).orElse(null);
                double coreMhz = inv.hosts().stream().filter(h -> h.id().equals(hostId)).mapToDouble(
                        OvirtInventory.Host::cpuSpeedMhz).filter(mhz -> mhz > 0).findFirst().orElse(typicalCoreMhz);
                int vcpus = Math.max(1, v.vcpus());
                Vm vm = new Vm(v.id(), v.name(), hostId, new VmSize(vcpus, vcpus * coreMhz, v.memoryBytes()), null,
                        !v.migrating(), forecasts.of(v.id(), settings.horizonSteps()), null);
                vms.add(vm);
                vmIds.add(v.id());
            }
            DependencyGraph deps = new DependencyGraph(List.of(), AffinityRules.of(inv.affinityGroups(), clusterId, vmIds));
            out.add(new ClusterSnapshot(clusterId, inv.collectedAt(), e.getValue(), vms, deps, List.of(), null, settings));
        }
        return out;
    }

    static HostState state(OvirtInventory.Host h) {
        return switch (h.status()) {
            case "up" -> HostState.UP;
            case "preparing_for_maintenance" -> HostState.PREPARING_FOR_MAINTENANCE;
            case "maintenance" -> HostState.MAINTENANCE;
            case "non_operational" -> HostState.NON_OPERATIONAL;
            default -> HostState.DOWN;
        };
    }

    private static double typicalCoreMhz(OvirtInventory inv, String clusterId) {
        return inv.hosts().stream().filter(h -> clusterId.equals(h.clusterId()))
                .mapToDouble(OvirtInventory.Host::cpuSpeedMhz).filter(mhz -> mhz > 0).max().orElse(0);
    }
}
