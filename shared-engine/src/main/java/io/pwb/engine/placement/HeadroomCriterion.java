package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.Vm;

/**
 * Predicted peak utilisation of the target with the VM (upper forecasts, every step): the lower it is, the more
 * headroom remains and the better balanced the cluster.
 */
public final class HeadroomCriterion implements RankingCriterion {
    @Override
    public String name() {
        return "headroom";
    }

    @Override
    public double raw(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        if (ctx.projection().arrivingOn(vm.id()) == host) {
            return ctx.projection().peakUtilisation(host); // already counted through its reservation
        }
        return ctx.projection().peakUtilisationWith(host, demand, 1, false);
    }

    @Override
    public String explain(double raw) {
        return String.format("headroom: target peak %.1f %% after the move", raw * 100);
    }
}
