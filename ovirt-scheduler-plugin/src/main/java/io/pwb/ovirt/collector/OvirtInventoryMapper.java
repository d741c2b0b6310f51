package io.pwb.ovirt.collector;

import io.pwb.engine.model.AffinityRule;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.OvercommitRatios;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Translates an oVirt inventory into the engine's model, one {@link ClusterInventory} per oVirt cluster. */
public final class OvirtInventoryMapper {

    /** One cluster's hosts, VMs (without forecasts: the engine adds its own) and affinity rules. */
    public record ClusterInventory(String clusterId, List<Host> hosts, List<Vm> vms, List<AffinityRule> rules) {
    }

    private OvirtInventoryMapper() {
    }

    public static List<ClusterInventory> map(OvirtInventory inv) {
        Map<String, List<Host>> hostsByCluster = new LinkedHashMap<>();
        Map<String, OvirtInventory.Host> ovirtHosts = new HashMap<>();
        for (OvirtInventory.Host h : inv.hosts()) {
            if (h.clusterId() == null) {
                continue;
            }
            ovirtHosts.put(h.id(), h);
            hostsByCluster.computeIfAbsent(h.clusterId(), k -> new ArrayList<>()).add(new Host(h.id(), h.name(),
                    h.clusterId(), Resources.of(Math.max(0, h.cpuCores() * h.cpuSpeedMhz()), Math.max(0, h.memoryBytes())),
                    OvercommitRatios.NONE, state(h), null, null, Set.of()));
        }
        List<ClusterInventory> out = new ArrayList<>();
        for (Map.Entry<String, List<Host>> e : hostsByCluster.entrySet()) {
            String clusterId = e.getKey();
            double typicalCoreMhz = inv.hosts().stream().filter(h -> clusterId.equals(h.clusterId()))
                    .mapToDouble(OvirtInventory.Host::cpuSpeedMhz).filter(mhz -> mhz > 0).max().orElse(0);
            List<Vm> vms = new ArrayList<>();
            Set<String> vmIds = new HashSet<>();
            for (OvirtInventory.Vm v : inv.vms()) {
                if (!clusterId.equals(v.clusterId()) || v.memoryBytes() <= 0 || typicalCoreMhz <= 0) {
                    continue;
                }
                OvirtInventory.Host on = v.hostId().map(ovirtHosts::get).filter(h -> clusterId.equals(h.clusterId()))
                        .orElse(null);
                double coreMhz = on != null && on.cpuSpeedMhz() > 0 ? on.cpuSpeedMhz() : typicalCoreMhz;
                int vcpus = Math.max(1, v.vcpus());
                // Only a VM the engine would live-migrate may be picked (a migrating one is the engine's business).
                vms.add(new Vm(v.id(), v.name(), on == null ? null : on.id(),
                        new VmSize(vcpus, vcpus * coreMhz, v.memoryBytes()), null, v.movable(), null, null));
                vmIds.add(v.id());
            }
            out.add(new ClusterInventory(clusterId, e.getValue(), vms,
                    AffinityRules.of(inv.affinityGroups(), clusterId, vmIds)));
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
}
