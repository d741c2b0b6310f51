package io.pwb.engine.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the engine knows about one cluster at one instant. Immutable; validated at construction
 * (unique ids, VMs on known hosts, maintenance windows of known hosts) with messages that name the culprit.
 */
public final class ClusterSnapshot {

    private final String clusterId;
    private final Instant time;
    private final List<Host> hosts;
    private final List<Vm> vms;
    private final DependencyGraph dependencies;
    private final List<MaintenanceWindow> maintenanceWindows;
    private final CostModel costModel;
    private final PlanningSettings settings;
    private final Map<String, Host> hostsById;
    private final Map<String, Vm> vmsById;
    private final Map<String, List<Vm>> vmsByHost;
    private final Map<String, List<MaintenanceWindow>> windowsByHost;

    public ClusterSnapshot(String clusterId, Instant time, List<Host> hosts, List<Vm> vms,
                           DependencyGraph dependencies, List<MaintenanceWindow> maintenanceWindows,
                           CostModel costModel, PlanningSettings settings) {
        this.clusterId = Checks.id("cluster id", clusterId);
        if (time == null) {
            throw new IllegalArgumentException("snapshot of cluster " + clusterId + " has no time");
        }
        this.time = time;
        this.hosts = List.copyOf(hosts == null ? List.of() : hosts);
        this.vms = List.copyOf(vms == null ? List.of() : vms);
        this.dependencies = dependencies == null ? DependencyGraph.EMPTY : dependencies;
        this.maintenanceWindows = List.copyOf(maintenanceWindows == null ? List.of() : maintenanceWindows);
        this.costModel = costModel == null ? CostModel.DEFAULT : costModel;
        this.settings = settings == null ? PlanningSettings.DEFAULT : settings;

        Map<String, Host> h = new LinkedHashMap<>();
        for (Host host : this.hosts) {
            if (!host.clusterId().equals(clusterId)) {
                throw new IllegalArgumentException("host " + host.id() + " belongs to cluster " + host.clusterId()
                        + ", not to " + clusterId);
            }
            if (h.put(host.id(), host) != null) {
                throw new IllegalArgumentException("duplicate host id " + host.id() + " in cluster " + clusterId);
            }
        }
        Map<String, Vm> v = new LinkedHashMap<>();
        Map<String, List<Vm>> byHost = new HashMap<>();
        for (Vm vm : this.vms) {
            if (v.put(vm.id(), vm) != null) {
                throw new IllegalArgumentException("duplicate VM id " + vm.id() + " in cluster " + clusterId);
            }
            if (vm.hostId() != null) {
                if (!h.containsKey(vm.hostId())) {
                    throw new IllegalArgumentException("VM " + vm.id() + " runs on host " + vm.hostId()
                            + ", which is not in cluster " + clusterId);
                }
                byHost.computeIfAbsent(vm.hostId(), k -> new ArrayList<>()).add(vm);
            }
        }
        Map<String, List<MaintenanceWindow>> wins = new HashMap<>();
        for (MaintenanceWindow w : this.maintenanceWindows) {
            if (!h.containsKey(w.hostId())) {
                throw new IllegalArgumentException("maintenance window for host " + w.hostId()
                        + ", which is not in cluster " + clusterId);
            }
            wins.computeIfAbsent(w.hostId(), k -> new ArrayList<>()).add(w);
        }
        this.hostsById = Collections.unmodifiableMap(h);
        this.vmsById = Collections.unmodifiableMap(v);
        Map<String, List<Vm>> frozen = new HashMap<>();
        byHost.forEach((k, list) -> frozen.put(k, List.copyOf(list)));
        this.vmsByHost = Collections.unmodifiableMap(frozen);
        Map<String, List<MaintenanceWindow>> frozenWins = new HashMap<>();
        wins.forEach((k, list) -> frozenWins.put(k, List.copyOf(list)));
        this.windowsByHost = Collections.unmodifiableMap(frozenWins);
    }

    /** A snapshot with default dependencies (none), cost model and settings. */
    public static ClusterSnapshot of(String clusterId, Instant time, List<Host> hosts, List<Vm> vms) {
        return new ClusterSnapshot(clusterId, time, hosts, vms, null, null, null, null);
    }

    public String clusterId() {
        return clusterId;
    }

    public Instant time() {
        return time;
    }

    public List<Host> hosts() {
        return hosts;
    }

    public List<Vm> vms() {
        return vms;
    }

    public DependencyGraph dependencies() {
        return dependencies;
    }

    public List<MaintenanceWindow> maintenanceWindows() {
        return maintenanceWindows;
    }

    public CostModel costModel() {
        return costModel;
    }

    public PlanningSettings settings() {
        return settings;
    }

    public Optional<Host> host(String hostId) {
        return Optional.ofNullable(hostId == null ? null : hostsById.get(hostId));
    }

    public Optional<Vm> vm(String vmId) {
        return Optional.ofNullable(vmId == null ? null : vmsById.get(vmId));
    }

    /** VMs currently running on a host (empty for unknown hosts). */
    public List<Vm> vmsOn(String hostId) {
        return vmsByHost.getOrDefault(hostId, List.of());
    }

    public List<MaintenanceWindow> windowsOf(String hostId) {
        return windowsByHost.getOrDefault(hostId, List.of());
    }

    public ClusterSnapshot withTime(Instant newTime) {
        return new ClusterSnapshot(clusterId, newTime, hosts, vms, dependencies, maintenanceWindows, costModel,
                settings);
    }

    public ClusterSnapshot withVms(List<Vm> newVms) {
        return new ClusterSnapshot(clusterId, time, hosts, newVms, dependencies, maintenanceWindows, costModel,
                settings);
    }

    public ClusterSnapshot withHosts(List<Host> newHosts) {
        return new ClusterSnapshot(clusterId, time, newHosts, vms, dependencies, maintenanceWindows, costModel,
                settings);
    }

    public ClusterSnapshot withSettings(PlanningSettings newSettings) {
        return new ClusterSnapshot(clusterId, time, hosts, vms, dependencies, maintenanceWindows, costModel,
                newSettings);
    }

    public ClusterSnapshot withDependencies(DependencyGraph graph) {
        return new ClusterSnapshot(clusterId, time, hosts, vms, graph, maintenanceWindows, costModel, settings);
    }

    public ClusterSnapshot withMaintenanceWindows(List<MaintenanceWindow> windows) {
        return new ClusterSnapshot(clusterId, time, hosts, vms, dependencies, windows, costModel, settings);
    }

    public ClusterSnapshot withCostModel(CostModel model) {
        return new ClusterSnapshot(clusterId, time, hosts, vms, dependencies, maintenanceWindows, model, settings);
    }

    /** The same snapshot with one VM moved (what the world looks like after a migration). */
    public ClusterSnapshot withVmOn(String vmId, String hostId) {
        List<Vm> moved = new ArrayList<>(vms.size());
        for (Vm vm : vms) {
            moved.add(vm.id().equals(vmId) ? vm.onHost(hostId) : vm);
        }
        return withVms(moved);
    }

    @Override
    public String toString() {
        return "ClusterSnapshot[" + clusterId + " at " + time + ", " + hosts.size() + " hosts, " + vms.size()
                + " VMs]";
    }
}
