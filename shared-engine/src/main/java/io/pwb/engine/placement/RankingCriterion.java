package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.Vm;

/** One soft preference (Kubernetes-scheduler style Score plugin). Lower raw values are better. */
public interface RankingCriterion {

    /** Short name, e.g. {@code energy-cost}. */
    String name();

    /** Raw value in the criterion's own unit (non-negative, lower is better) of placing the VM on the host. */
    double raw(PlacementContext ctx, Vm vm, VmDemand demand, int host);

    /** Human-readable account of a raw value, built only when asked for. */
    String explain(double raw);
}
