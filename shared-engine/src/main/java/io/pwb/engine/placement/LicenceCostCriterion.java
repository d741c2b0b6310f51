package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Vm;

/** Licence cost per hour of bringing the VM's licence class to a host that does not carry it yet. */
public final class LicenceCostCriterion implements RankingCriterion {
    @Override
    public String name() {
        return "licence-cost";
    }

    @Override
    public double raw(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        String cls = vm.licenceClass();
        if (cls == null) {
            return 0;
        }
        Host h = ctx.projection().host(host);
        if (h.licences().contains(cls)) {
            return 0;
        }
        for (Vm resident : ctx.snapshot().vmsOn(h.id())) {
            if (cls.equals(resident.licenceClass())) {
                return 0;
            }
        }
        return ctx.snapshot().costModel().licenceCostPerHour(cls);
    }

    @Override
    public String explain(double raw) {
        return raw == 0 ? "licence: none needed or already held" : String.format("licence: +%.2f per hour", raw);
    }
}
