package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.Vm;

/** One hard constraint (Kubernetes-scheduler style Filter plugin). */
public interface HostFilter {

    /** Short name shown with rejections, e.g. {@code fits}. */
    String name();

    /**
     * @param host index into {@code ctx.projection()}
     * @return null when the host passes, otherwise why it is rejected (human-readable)
     */
    String reject(PlacementContext ctx, Vm vm, VmDemand demand, int host);
}
