package io.pwb.engine.replay;

import io.pwb.engine.model.PowerModel;
import io.pwb.engine.sim.ClusterObservation;
import io.pwb.engine.sim.HostSpec;
import io.pwb.engine.sim.VmSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scratch copy of the cluster that a baseline policy edits while it plans (hypothetical moves), indexed by int for
 * speed. Host demand is the sum of its VMs' demand; memory counts every VM assigned to the host.
 */
public final class PlanState {
    private final String[] hostIds;
    private final double[] capacityMips;
    private final double[] coreMips;
    private final double[] memoryMb;
    private final PowerModel[] power;
    private final double[] hostDemandMips;
    private final double[] hostMemoryMb;
    private final double[] observedDemandMips;
    private final List<List<Integer>> hostVms;
    private final String[] vmIds;
    private final double[] vmDemandMips;
    private final double[] vmCpuMips;
    private final double[] vmMemoryMb;
    private final double[] vmReservedMb;
    private final int[] vmHost;
    private final boolean[] vmMigrating;
    private final Map<String, Integer> hostIndex = new HashMap<>();
    private final Map<String, Integer> vmIndex = new HashMap<>();

    private PlanState(int hosts, int vms) {
        hostIds = new String[hosts];
        capacityMips = new double[hosts];
        coreMips = new double[hosts];
        memoryMb = new double[hosts];
        power = new PowerModel[hosts];
        hostDemandMips = new double[hosts];
        hostMemoryMb = new double[hosts];
        observedDemandMips = new double[hosts];
        hostVms = new ArrayList<>(hosts);
        for (int h = 0; h < hosts; h++) {
            hostVms.add(new ArrayList<>());
        }
        vmIds = new String[vms];
        vmDemandMips = new double[vms];
        vmCpuMips = new double[vms];
        vmMemoryMb = new double[vms];
        vmReservedMb = new double[vms];
        vmHost = new int[vms];
        vmMigrating = new boolean[vms];
        java.util.Arrays.fill(vmHost, -1);
    }

    /** The cluster as observed; a migrating VM counts on its target (where it will be). */
    public static PlanState of(ClusterObservation observation) {
        PlanState s = new PlanState(observation.hosts().size(), observation.vms().size());
        for (int h = 0; h < observation.hosts().size(); h++) {
            ClusterObservation.HostView host = observation.hosts().get(h);
            s.setHost(h, host.id(), host.cpuCapacityMips(), host.cpuCapacityMips() / host.cores(), host.memoryMb(), host.power());
        }
        for (int v = 0; v < observation.vms().size(); v++) {
            ClusterObservation.VmView vm = observation.vms().get(v);
            s.setVm(v, vm.id(), vm.cpuMips(), vm.memoryMb(), vm.reservedMemoryMb(), vm.demandMips());
            s.vmMigrating[v] = vm.migrating();
            String where = vm.migrating() ? vm.targetHostId() : vm.hostId();
            if (where != null) {
                s.assign(v, s.hostIndex.get(where));
            }
        }
        System.arraycopy(s.hostDemandMips, 0, s.observedDemandMips, 0, s.hostDemandMips.length);
        return s;
    }

    /** Unplaced VMs demanding their full CPU size and memory (how CloudSim sizes VMs at creation). */
    public static PlanState unplaced(List<HostSpec> hosts, List<VmSpec> vms) {
        PlanState s = new PlanState(hosts.size(), vms.size());
        for (int h = 0; h < hosts.size(); h++) {
            HostSpec host = hosts.get(h);
            s.setHost(h, host.id(), host.cpuCapacityMips(), host.coreMips(), host.memoryMb(), host.power());
        }
        for (int v = 0; v < vms.size(); v++) {
            VmSpec vm = vms.get(v);
            s.setVm(v, vm.id(), vm.cpuMips(), vm.memoryMb(), vm.memoryMb(), vm.cpuMips());
        }
        return s;
    }

    private void setHost(int h, String id, double cap, double core, double mem, PowerModel p) {
        hostIds[h] = id;
        capacityMips[h] = cap;
        coreMips[h] = core;
        memoryMb[h] = mem;
        power[h] = p;
        hostIndex.put(id, h);
    }

    private void setVm(int v, String id, double cpu, double mem, double reserved, double demand) {
        vmIds[v] = id;
        vmCpuMips[v] = cpu;
        vmMemoryMb[v] = mem;
        vmReservedMb[v] = reserved;
        vmDemandMips[v] = demand;
        vmIndex.put(id, v);
    }

    /** Puts VM {@code v} on host {@code h} (-1 = nowhere), taking it off its current host. */
    public void assign(int v, int h) {
        int from = vmHost[v];
        if (from >= 0) {
            hostVms.get(from).remove(Integer.valueOf(v));
            hostDemandMips[from] -= vmDemandMips[v];
            hostMemoryMb[from] -= vmReservedMb[v];
            if (hostVms.get(from).isEmpty()) {
                hostDemandMips[from] = 0; // no drift from repeated subtraction
            }
        }
        vmHost[v] = h;
        if (h >= 0) {
            hostVms.get(h).add(v);
            hostDemandMips[h] += vmDemandMips[v];
            hostMemoryMb[h] += vmReservedMb[v];
        }
    }

    public int hostCount() {
        return hostIds.length;
    }

    public int vmCount() {
        return vmIds.length;
    }

    public String hostId(int h) {
        return hostIds[h];
    }

    public String vmId(int v) {
        return vmIds[v];
    }

    public int hostIndex(String id) {
        return hostIndex.getOrDefault(id, -1);
    }

    public int vmIndex(String id) {
        return vmIndex.getOrDefault(id, -1);
    }

    public double capacityMips(int h) {
        return capacityMips[h];
    }

    public double coreMips(int h) {
        return coreMips[h];
    }

    public double demandMips(int h) {
        return hostDemandMips[h];
    }

    public double utilisation(int h) {
        return hostDemandMips[h] / capacityMips[h];
    }

    /** Host h's utilisation as observed, before any change to this plan (0 for a plan of unplaced VMs). */
    public double observedUtilisation(int h) {
        return observedDemandMips[h] / capacityMips[h];
    }

    public double freeMemoryMb(int h) {
        return memoryMb[h] - hostMemoryMb[h];
    }

    public PowerModel power(int h) {
        return power[h];
    }

    /** VMs on host h, in arrival order (a live view: copy before changing the plan while iterating). */
    public List<Integer> vmsOn(int h) {
        return hostVms.get(h);
    }

    public int hostOf(int v) {
        return vmHost[v];
    }

    public double vmDemandMips(int v) {
        return vmDemandMips[v];
    }

    public double vmCpuMips(int v) {
        return vmCpuMips[v];
    }

    public double vmMemoryMb(int v) {
        return vmMemoryMb[v];
    }

    /** Memory the VM holds on its host (what placement must fit). */
    public double vmReservedMemoryMb(int v) {
        return vmReservedMb[v];
    }

    public boolean migrating(int v) {
        return vmMigrating[v];
    }
}
