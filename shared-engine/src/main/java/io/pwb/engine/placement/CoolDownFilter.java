package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.Vm;

/** Respects host cool-downs (after a harmful move) and VM-host cool-downs (no move back to a host just left). */
public final class CoolDownFilter implements HostFilter {
    @Override
    public String name() {
        return "cool-down";
    }

    @Override
    public String reject(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        String hostId = ctx.projection().host(host).id();
        if (ctx.coolDowns().hostCoolingDown(hostId, ctx.now())) {
            return "host is on cool-down after a rolled-back move";
        }
        if (ctx.coolDowns().pairCoolingDown(vm.id(), hostId, ctx.now())) {
            return "VM is on cool-down for this host";
        }
        return null;
    }
}
