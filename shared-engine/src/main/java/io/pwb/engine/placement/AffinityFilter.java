package io.pwb.engine.placement;

import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.AffinityRule;
import io.pwb.engine.model.Vm;

/**
 * Hard affinity: members of a negative rule never share a host (counting VMs reserved to arrive there); a member
 * of a positive enforcing rule only goes where the other running members are.
 */
public final class AffinityFilter implements HostFilter {
    @Override
    public String name() {
        return "affinity";
    }

    @Override
    public String reject(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        ClusterProjection p = ctx.projection();
        for (AffinityRule rule : ctx.snapshot().dependencies().hardRules(vm.id())) {
            for (String other : rule.vmIds()) {
                if (other.equals(vm.id())) {
                    continue;
                }
                boolean here = p.presentOn(other, host);
                if (!rule.positive() && here) {
                    return "anti-affinity rule " + rule.name() + ": " + other + " is on this host";
                }
                if (rule.positive() && !here && runs(ctx, other)) {
                    return "affinity rule " + rule.name() + ": " + other + " runs on another host";
                }
            }
        }
        return null;
    }

    private static boolean runs(PlacementContext ctx, String vmId) {
        return ctx.projection().arrivingOn(vmId) >= 0
                || ctx.snapshot().vm(vmId).map(v -> v.hostId() != null).orElse(false);
    }
}
