package io.pwb.engine.sim;

import io.pwb.engine.trace.TraceSeries;

import java.util.List;

/**
 * Demand replayed from recorded CPU-percent series, one series per VM in the same order as the VMs. Percent values
 * are divided by 100 and clamped to [0, 1]; missing samples (NaN) repeat the previous value (0 at the start).
 */
public final class TraceDemandSource implements DemandSource {
    private final double[][] fractions;
    private final long steps;

    public TraceDemandSource(List<TraceSeries> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no trace series to replay");
        }
        fractions = new double[series.size()][];
        long shortest = Long.MAX_VALUE;
        for (int i = 0; i < series.size(); i++) {
            double[] v = series.get(i).values();
            double[] f = new double[v.length];
            double last = 0;
            for (int s = 0; s < v.length; s++) {
                if (!Double.isNaN(v[s])) {
                    last = Math.max(0, Math.min(1, v[s] / 100.0));
                }
                f[s] = last;
            }
            fractions[i] = f;
            shortest = Math.min(shortest, v.length);
        }
        steps = shortest;
    }

    @Override
    public double utilisation(int vmIndex, long step) {
        return fractions[vmIndex][(int) step];
    }

    @Override
    public long steps() {
        return steps;
    }
}
