package io.pwb.engine.sim;

import java.util.Objects;

/**
 * A simulated VM.
 *
 * @param cpuMips          CPU size; demand is a fraction of it
 * @param memoryMb         configured memory, which sets the migration time
 * @param reservedMemoryMb memory it holds on its host, which limits placement (normally = memoryMb; CloudSim's
 *                         PlanetLab VMs hold none once created, which the ccpe2012 scenario reproduces)
 */
public record VmSpec(String id, double cpuMips, double memoryMb, double reservedMemoryMb) {
    public VmSpec {
        Objects.requireNonNull(id, "vm id");
        if (!(cpuMips > 0) || !(memoryMb > 0) || reservedMemoryMb < 0 || reservedMemoryMb > memoryMb) {
            throw new IllegalArgumentException("vm " + id + ": CPU size and memory must be positive, reserved memory within it");
        }
    }

    /** A VM that holds all of its memory on its host. */
    public VmSpec(String id, double cpuMips, double memoryMb) {
        this(id, cpuMips, memoryMb, memoryMb);
    }
}
