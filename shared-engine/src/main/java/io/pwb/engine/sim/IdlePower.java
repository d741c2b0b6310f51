package io.pwb.engine.sim;

/** When a host draws no power. */
public enum IdlePower {
    /** Every host draws its power model's watts all the time (no power management). */
    ALWAYS_ON,
    /** A host that carries no VM is switched off (0 W). */
    OFF_WHEN_EMPTY,
    /**
     * A host at 0 % CPU draws 0 W, whether it carries VMs or not: CloudSim 3.0.3's energy integration
     * ({@code PowerHost.getEnergyLinearInterpolation} returns 0 for an interval that starts at 0 % utilisation).
     */
    OFF_AT_ZERO_CPU
}
