package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.MaintenanceWindow;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Vm;
import java.time.Instant;

/**
 * No placement on a host in maintenance or entering it soon: within the horizon, or within the evacuation lead
 * time (a VM placed there would only have to be evacuated again).
 */
public final class MaintenanceFilter implements HostFilter {
    @Override
    public String name() {
        return "maintenance";
    }

    @Override
    public String reject(PlacementContext ctx, Vm vm, VmDemand demand, int host) {
        PlanningSettings s = ctx.snapshot().settings();
        Instant now = ctx.now();
        Instant until = now.plusSeconds(Math.max(s.horizonSeconds(), s.evacuationLeadSeconds()));
        for (MaintenanceWindow w : ctx.snapshot().windowsOf(ctx.projection().host(host).id())) {
            if (w.overlaps(now, until)) {
                return "maintenance window " + w.start() + " .. " + w.end() + " is in force or opens within "
                        + (until.getEpochSecond() - now.getEpochSecond()) / 60 + " min";
            }
        }
        return null;
    }
}
