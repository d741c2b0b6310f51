package io.pwb.engine.sim;

import java.util.Objects;

/**
 * A simulated VM: its CPU size (demand is a fraction of it) and its memory, which sets its migration time.
 */
public record VmSpec(String id, double cpuMips, double memoryMb) {
    public VmSpec {
        Objects.requireNonNull(id, "vm id");
        if (!(cpuMips > 0) || !(memoryMb > 0)) {
            throw new IllegalArgumentException("vm " + id + ": CPU size and memory must be positive");
        }
    }
}
