package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.Vm;

/**
 * The VM's upper forecast fits at every horizon step next to the residents' upper forecasts and the active
 * reservations, up to {@code limit} x schedulable capacity (1.0 for plain placement, the overload threshold when
 * the planner chooses a target so that a target never crosses its threshold).
 */
public final class FitFilter implements HostFilter {
    private final double limit;

    public FitFilter(double limit) {
        if (!(limit > 0 && limit <= 1)) {
            throw new IllegalArgumentException("fit limit must be in (0, 1], got " + limit);
        }
        this.limit = limit;
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
        String misfit = ctx.projection().misfit(host, demand, limit);
        return misfit == null ? null : "does not fit: " + misfit;
    }
}
