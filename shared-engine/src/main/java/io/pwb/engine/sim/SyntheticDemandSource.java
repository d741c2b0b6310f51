package io.pwb.engine.sim;

import java.util.SplittableRandom;

/**
 * Synthetic demand for demo clusters: per VM a base level, a daily sine with its own phase, noise, and occasional
 * bursts that last a few steps. Fully determined by the seed; values are generated on demand and cached per step
 * so that random access in any order gives the same answer.
 */
public final class SyntheticDemandSource implements DemandSource {
    private final long seed;
    private final int vmCount;
    private final int stepSeconds;
    private final double[] base;
    private final double[] amplitude;
    private final double[] phase;
    private final double burstProbability;

    /**
     * @param vmCount          number of VMs
     * @param stepSeconds      step length (sets how many steps make a day)
     * @param meanUtilisation  average base level (0..1); each VM varies around it
     * @param burstProbability chance per VM per step that a burst starts
     * @param seed             seed for everything random
     */
    public SyntheticDemandSource(int vmCount, int stepSeconds, double meanUtilisation, double burstProbability, long seed) {
        if (vmCount <= 0 || stepSeconds <= 0 || meanUtilisation < 0 || meanUtilisation > 1
                || burstProbability < 0 || burstProbability > 1) {
            throw new IllegalArgumentException("synthetic demand: invalid parameters");
        }
        this.seed = seed;
        this.vmCount = vmCount;
        this.stepSeconds = stepSeconds;
        this.burstProbability = burstProbability;
        base = new double[vmCount];
        amplitude = new double[vmCount];
        phase = new double[vmCount];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < vmCount; i++) {
            base[i] = clamp(meanUtilisation * (0.5 + r.nextDouble()));
            amplitude[i] = base[i] * (0.2 + 0.6 * r.nextDouble());
            phase[i] = r.nextDouble() * 2 * Math.PI;
        }
    }

    @Override
    public double utilisation(int vmIndex, long step) {
        if (vmIndex < 0 || vmIndex >= vmCount) {
            throw new IndexOutOfBoundsException("vm index " + vmIndex);
        }
        double day = 86_400.0 / stepSeconds;
        double v = base[vmIndex] + amplitude[vmIndex] * Math.sin(2 * Math.PI * step / day + phase[vmIndex]);
        v += 0.05 * (noise(vmIndex, step) - 0.5);
        // A burst that started within the last 3 steps adds load; derived from (vm, start step) so it is stateless.
        for (long start = Math.max(0, step - 3); start <= step; start++) {
            if (noise(vmIndex + vmCount, start) < burstProbability) {
                v += 0.4;
                break;
            }
        }
        return clamp(v);
    }

    private double noise(int stream, long step) {
        long h = new SplittableRandom(seed ^ (stream * 0x9E3779B97F4A7C15L) ^ (step * 0xC2B2AE3D27D4EB4FL)).nextLong();
        return (h >>> 11) * 0x1.0p-53;
    }

    @Override
    public long steps() {
        return Long.MAX_VALUE;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
