package io.pwb.engine.model;

/**
 * The configured size of a VM.
 *
 * @param vcpus        virtual CPUs
 * @param cpuMhz       CPU the VM may use at 100 % of its vCPUs (vcpus x core MHz)
 * @param memoryBytes  configured memory
 */
public record VmSize(int vcpus, double cpuMhz, long memoryBytes) {
    public VmSize {
        if (vcpus < 1) {
            throw new IllegalArgumentException("a VM needs at least one vCPU, got " + vcpus);
        }
        Checks.positive("VM cpuMhz", cpuMhz);
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("VM memoryBytes must be positive, got " + memoryBytes);
        }
    }
}
