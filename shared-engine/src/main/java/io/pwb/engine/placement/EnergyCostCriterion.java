package io.pwb.engine.placement;

import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.CostModel;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.PowerModel;
import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Vm;

/**
 * Extra electricity cost per hour on the target: its power model at the mean projected CPU with and without the
 * VM, times its electricity price. Waking an empty host also costs its idle power, which is what keeps cost
 * mode from spreading VMs onto hosts that could stay powered down.
 */
public final class EnergyCostCriterion implements RankingCriterion {
    @Override
    public String name() {
        return "energy-cost";
    }

    @Override
    public double raw(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        ClusterProjection p = ctx.projection();
        Host h = p.host(host);
        CostModel costs = ctx.snapshot().costModel();
        PowerModel power = costs.powerModel(h);
        double physical = h.capacity().cpuMhz();
        if (physical <= 0) {
            return 0;
        }
        double before = 0;
        double with = 0;
        for (int s = 0; s < p.steps(); s++) {
            before += p.used(host, Resource.CPU_MHZ, s);
            with += demand.point(Resource.CPU_MHZ, s);
        }
        before /= p.steps();
        with = before + with / p.steps();
        double watts = power.watts(with / physical) - (before <= 0 ? 0 : power.watts(before / physical));
        return Math.max(0, watts) / 1000.0 * costs.pricePerKwh(h);
    }

    @Override
    public String explain(double raw) {
        return String.format("energy: +%.4f per hour on the target", raw);
    }
}
