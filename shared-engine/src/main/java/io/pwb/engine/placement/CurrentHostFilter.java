package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.Vm;

/** A VM is not "moved" to the host it already runs on. */
public final class CurrentHostFilter implements HostFilter {
    @Override
    public String name() {
        return "current-host";
    }

    @Override
    public String reject(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        return ctx.projection().host(host).id().equals(vm.hostId()) ? "VM already runs here" : null;
    }
}
