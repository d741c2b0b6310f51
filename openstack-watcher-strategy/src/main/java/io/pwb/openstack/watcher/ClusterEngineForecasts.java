package io.pwb.openstack.watcher;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.runtime.ClusterEngine;

import java.util.OptionalDouble;

/**
 * Reads the forecasts of PWB's engine for one cluster: a VM's CPU % forecast, once out of training, gives the
 * peak upper bound over the audit's horizon.
 */
public final class ClusterEngineForecasts implements TrustedForecasts {

    private final ClusterEngine engine;

    public ClusterEngineForecasts(ClusterEngine engine) {
        this.engine = engine;
    }

    @Override
    public OptionalDouble cpuPercentPeak(String instanceUuid, int horizonMinutes) {
        Forecast f = engine.forecasts(EntityKind.VM, instanceUuid).get(Metric.CPU_PERCENT);
        if (f == null || f.training() || f.horizonSteps() == 0) {
            return OptionalDouble.empty();
        }
        int steps = (int) Math.ceil(horizonMinutes * 60.0 / f.stepSeconds());
        steps = Math.max(1, Math.min(steps, f.horizonSteps()));
        double peak = 0;
        for (int h = 1; h <= steps; h++) {
            double u = f.upperAt(h);
            if (!Double.isFinite(u)) {
                return OptionalDouble.empty();
            }
            peak = Math.max(peak, u);
        }
        return OptionalDouble.of(peak);
    }
}
