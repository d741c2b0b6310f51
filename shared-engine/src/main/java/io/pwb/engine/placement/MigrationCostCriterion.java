package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.Vm;

/** Seconds to copy the VM's memory to the target over the link between their sites. */
public final class MigrationCostCriterion implements RankingCriterion {
    @Override
    public String name() {
        return "migration-cost";
    }

    @Override
    public double raw(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        return ctx.snapshot().costModel().migrationSeconds(vm.size().memoryBytes(),
                ctx.snapshot().host(vm.hostId()).orElse(null), ctx.projection().host(host));
    }

    @Override
    public String explain(double raw) {
        return String.format("migration: about %.1f s of memory copy", raw);
    }
}
