package io.pwb.engine.sim;

/**
 * Where the simulated VMs' CPU demand comes from: recorded traces for replay, synthetic patterns for the demo cluster.
 * Implementations must be deterministic for a given construction (seed), so that runs can be repeated.
 */
public interface DemandSource {
    /** Demand of VM {@code vmIndex} during step {@code step}, as a fraction of the VM's CPU size (0..1). */
    double utilisation(int vmIndex, long step);

    /** Number of steps with data, or {@link Long#MAX_VALUE} for an endless source. */
    long steps();

    /**
     * First step at which VM {@code vmIndex} is gone from the platform for good (it leaves its host at the start of
     * that step), or {@link Long#MAX_VALUE} when it stays. Most sources keep every VM.
     */
    default long departureStep(int vmIndex) {
        return Long.MAX_VALUE;
    }
}
