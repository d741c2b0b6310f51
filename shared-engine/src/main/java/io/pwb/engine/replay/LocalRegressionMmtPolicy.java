package io.pwb.engine.replay;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * {@code lr}: CloudSim's LR-MMT-1.2. A host's utilisation history is the sum of its current VMs' histories (each
 * weighted by VM size over host capacity); a least-squares line through the last 10 samples is extrapolated over
 * the time of one migration (rounded up to whole steps); the host is overloaded when that prediction times the
 * safety parameter 1.2 reaches 100 %. With fewer than 10 samples, or a zero among the host's last 10 (CloudSim trims
 * the history at its first zero), it falls back to a 0.7 static threshold, as the CloudSim experiment does.
 * (CloudSim's "loess" weights are all positive, which makes its weighted fit an ordinary least-squares fit; so is
 * this one.)
 */
public final class LocalRegressionMmtPolicy extends CloudSimDynamicConsolidation {
    public static final double SAFETY = 1.2;
    static final int WINDOW = 10;
    static final double FALLBACK_THRESHOLD = 0.7;
    private final double safety;
    private final double stepSeconds;
    private final double linkMbps;

    /**
     * @param stepSeconds step length (to turn migration time into steps)
     * @param linkMbps    link bandwidth for the migration-time estimate
     */
    public LocalRegressionMmtPolicy(double safety, double stepSeconds, double linkMbps) {
        this.safety = safety;
        this.stepSeconds = stepSeconds;
        this.linkMbps = linkMbps;
    }

    @Override
    public String name() {
        return "lr";
    }

    @Override
    protected boolean overloaded(PlanState plan, int h) {
        return predictedOverload(plan, h, -1);
    }

    @Override
    protected boolean overloadedWith(PlanState plan, int h, int v) {
        return predictedOverload(plan, h, v);
    }

    private boolean predictedOverload(PlanState plan, int h, int extraVm) {
        if (samples() < WINDOW) {
            return staticFallback(plan, h, extraVm);
        }
        double[] hostHistory = new double[WINDOW];
        double maxMemoryMb = 0;
        for (int v : plan.vmsOn(h)) {
            add(plan, h, v, hostHistory);
            maxMemoryMb = Math.max(maxMemoryMb, plan.vmMemoryMb(v));
        }
        if (extraVm >= 0) {
            add(plan, h, extraVm, hostHistory);
            maxMemoryMb = Math.max(maxMemoryMb, plan.vmMemoryMb(extraVm));
        }
        for (double u : hostHistory) {
            if (u == 0) {
                return staticFallback(plan, h, extraVm); // CloudSim trims the history at its first zero, then falls back
            }
        }
        SimpleRegression fit = new SimpleRegression();
        for (int i = 0; i < WINDOW; i++) {
            fit.addData(i + 1, hostHistory[WINDOW - 1 - i]); // x = 1 oldest ... 10 newest
        }
        double migrationSteps = Math.ceil(maxMemoryMb * 8 / (linkMbps / 2) / stepSeconds);
        double predicted = fit.getIntercept() + fit.getSlope() * (WINDOW + migrationSteps);
        return predicted * safety >= 1.0;
    }

    private static boolean staticFallback(PlanState plan, int h, int extraVm) {
        double demand = plan.demandMips(h) + (extraVm >= 0 ? plan.vmDemandMips(extraVm) : 0);
        return demand / plan.capacityMips(h) > FALLBACK_THRESHOLD;
    }

    private void add(PlanState plan, int h, int v, double[] hostHistory) {
        double[] vm = history(v);
        double weight = plan.vmCpuMips(v) / plan.capacityMips(h);
        for (int i = 0; i < WINDOW; i++) {
            hostHistory[i] += vm[i] * weight;
        }
    }
}
