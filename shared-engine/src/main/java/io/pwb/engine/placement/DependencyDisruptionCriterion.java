package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.Vm;
import java.util.Map;

/** Summed weight of the VM's dependencies (declared, soft affinity, traffic) that would not share its host. */
public final class DependencyDisruptionCriterion implements RankingCriterion {
    @Override
    public String name() {
        return "dependency-disruption";
    }

    @Override
    public double raw(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        double apart = 0;
        for (Map.Entry<String, Double> e : ctx.snapshot().dependencies().neighbours(vm.id()).entrySet()) {
            if (!ctx.projection().presentOn(e.getKey(), host)) {
                apart += e.getValue();
            }
        }
        return apart;
    }

    @Override
    public String explain(double raw) {
        return raw == 0 ? "dependencies: all kept together"
                : String.format("dependencies: weight %.2f separated", raw);
    }
}
