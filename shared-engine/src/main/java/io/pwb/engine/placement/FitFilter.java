package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Vm;

/**
 * The VM's upper forecast fits at every horizon step next to the residents' upper forecasts and the active
 * reservations, up to {@code limit} x schedulable capacity (1.0 for plain placement, the overload threshold when
 * the planner chooses a target so that a target never crosses its threshold; per resource when resources have
 * thresholds of their own).
 */
public final class FitFilter implements HostFilter {
    private final double[] limits;

    public FitFilter(double limit) {
        this(uniform(limit));
    }

    /** A limit per resource, indexed by {@link Resource#ordinal()} (e.g. each resource's planning threshold). */
    public FitFilter(double[] limitsByResource) {
        if (limitsByResource == null || limitsByResource.length != Resource.COUNT) {
            throw new IllegalArgumentException("one fit limit per resource is needed");
        }
        for (double limit : limitsByResource) {
            if (!(limit > 0 && limit <= 1)) {
                throw new IllegalArgumentException("fit limit must be in (0, 1], got " + limit);
            }
        }
        this.limits = limitsByResource.clone();
    }

    /** Each resource up to its planning threshold ({@link PlanningSettings#thresholdFor}). */
    public static FitFilter underThresholds(PlanningSettings settings) {
        double[] limits = new double[Resource.COUNT];
        for (int r = 0; r < Resource.COUNT; r++) {
            limits[r] = settings.thresholdFor(Resource.of(r));
        }
        return new FitFilter(limits);
    }

    private static double[] uniform(double limit) {
        double[] limits = new double[Resource.COUNT];
        java.util.Arrays.fill(limits, limit);
        return limits;
    }

    @Override
    public String name() {
        return "fits";
    }

    @Override
    public String reject(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        if (ctx.projection().arrivingOn(vm.id()) == host) {
            return null; // its own shadow already holds the capacity: do not count the VM twice
        }
        String misfit = ctx.projection().misfit(host, demand, limits);
        return misfit == null ? null : "does not fit: " + misfit;
    }
}
