package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Vm;

/** Only UP hosts with CPU and memory capacity can receive VMs. */
public final class HostStateFilter implements HostFilter {
    @Override
    public String name() {
        return "host-state";
    }

    @Override
    public String reject(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        Host h = ctx.projection().host(host);
        if (!h.state().acceptsVms()) {
            return "host is " + h.state();
        }
        if (!h.hasUsableCapacity()) {
            return "host reports zero CPU or memory capacity";
        }
        return null;
    }
}
