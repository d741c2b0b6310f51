package io.pwb.engine.sim;

import io.pwb.engine.model.PowerModel;

import java.util.List;

/**
 * What the platform shows an engine or a policy after a step: the same view an oVirt or OpenStack adapter builds from
 * the platform's statistics. Utilisation figures are averages over the step just completed.
 *
 * @param step         index of the step just completed (-1 before the first step)
 * @param timeSeconds  simulated time at the end of that step
 * @param stepSeconds  step length
 * @param hosts        every host, in a stable order
 * @param vms          every VM, in a stable order
 */
public record ClusterObservation(long step, long timeSeconds, int stepSeconds, List<HostView> hosts, List<VmView> vms) {

    /**
     * @param cpuDemandMips CPU demanded from the host over the step (may exceed capacity: that is an overload)
     * @param usedMemoryMb  memory held by resident VMs plus VMs migrating in
     * @param active        the host carries or receives at least one VM (an empty host is powered off when allowed)
     * @param power         the host model's power curve, as a platform's hardware inventory reports it
     */
    public record HostView(String id, int cores, double cpuCapacityMips, double memoryMb, double usedMemoryMb,
                           double cpuDemandMips, boolean active, PowerModel power, List<String> vmIds) {
        public double utilisation() {
            return cpuDemandMips / cpuCapacityMips;
        }
    }

    /**
     * @param hostId        host the VM runs on (the source while migrating)
     * @param memoryMb      configured memory (sets the migration time)
     * @param reservedMemoryMb memory it holds on its host
     * @param demandMips    CPU the VM asked for over the step
     * @param targetHostId  destination of a running migration, or null
     */
    public record VmView(String id, String hostId, double cpuMips, double memoryMb, double reservedMemoryMb, double demandMips,
                         String targetHostId) {
        public boolean migrating() {
            return targetHostId != null;
        }

        public double utilisation() {
            return demandMips / cpuMips;
        }
    }
}
