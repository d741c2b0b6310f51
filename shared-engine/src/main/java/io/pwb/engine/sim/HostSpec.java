package io.pwb.engine.sim;

import io.pwb.engine.model.PowerModel;

import java.util.Objects;

/**
 * A simulated physical host.
 *
 * @param id              unique name
 * @param cores           number of cores; one VM's demand cannot exceed one core's share (capacity / cores)
 * @param cpuCapacityMips total CPU capacity over all cores (MIPS or MHz: the simulator only needs one consistent unit)
 * @param memoryMb        RAM available to VMs
 * @param power           watts as a function of CPU utilisation
 * @param linkMbps        migration link bandwidth; a migration uses half of it
 */
public record HostSpec(String id, int cores, double cpuCapacityMips, double memoryMb, PowerModel power, double linkMbps) {
    public HostSpec {
        Objects.requireNonNull(id, "host id");
        Objects.requireNonNull(power, "power model");
        if (cores <= 0 || !(cpuCapacityMips > 0) || !(memoryMb > 0) || !(linkMbps > 0)) {
            throw new IllegalArgumentException("host " + id + ": cores, capacity, memory and link bandwidth must be positive");
        }
    }

    public double coreMips() {
        return cpuCapacityMips / cores;
    }
}
