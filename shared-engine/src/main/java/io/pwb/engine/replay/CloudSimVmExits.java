package io.pwb.engine.replay;

import io.pwb.engine.sim.DemandSource;

/**
 * A demand source whose VMs leave as they do in CloudSim 3.0.3's PlanetLab experiments: at every update CloudSim's
 * {@code PowerDatacenter} deallocates, for good, any VM that requests 0 MIPS ({@code HostDynamicWorkload
 * .getCompletedVms}). Its updates fall 0.1 s after each sample time, where the utilisation model interpolates
 * between the sample and the next one, so a VM requests exactly 0 when two consecutive samples are 0; the first
 * update is at the second sample. On 20110303 this removes 58 of the 1052 VMs at the first update and 532 by the
 * end of the day.
 */
final class CloudSimVmExits implements DemandSource {
    private final DemandSource samples;
    private final long[] departure;

    CloudSimVmExits(DemandSource samples, int vmCount) {
        this.samples = samples;
        this.departure = new long[vmCount];
        long n = samples.steps();
        for (int v = 0; v < vmCount; v++) {
            departure[v] = Long.MAX_VALUE;
            for (long s = 1; s < n; s++) {
                double next = samples.utilisation(v, Math.min(s + 1, n - 1)); // CloudSim repeats the last sample
                if (samples.utilisation(v, s) == 0 && next == 0) {
                    departure[v] = s;
                    break;
                }
            }
        }
    }

    @Override
    public double utilisation(int vmIndex, long step) {
        return samples.utilisation(vmIndex, step);
    }

    @Override
    public long steps() {
        return samples.steps();
    }

    @Override
    public long departureStep(int vmIndex) {
        return departure[vmIndex];
    }
}
