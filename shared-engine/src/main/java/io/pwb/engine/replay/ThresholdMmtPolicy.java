package io.pwb.engine.replay;

/**
 * {@code thr}: CloudSim's THR-MMT-0.8. A host is overloaded when its VMs' current demand exceeds 80 % of its
 * capacity; see {@link CloudSimDynamicConsolidation} for selection, placement and consolidation.
 */
public final class ThresholdMmtPolicy extends CloudSimDynamicConsolidation {
    public static final double THRESHOLD = 0.8;
    private final double threshold;

    public ThresholdMmtPolicy() {
        this(THRESHOLD);
    }

    public ThresholdMmtPolicy(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "thr";
    }

    @Override
    protected boolean overloaded(PlanState plan, int h) {
        return plan.utilisation(h) > threshold;
    }

    @Override
    protected boolean overloadedWith(PlanState plan, int h, int v) {
        return (plan.demandMips(h) + plan.vmDemandMips(v)) / plan.capacityMips(h) > threshold;
    }
}
