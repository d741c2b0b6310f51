package io.pwb.engine.replay;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.Vm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapter-side correction of the planner's input (the planner sums per-VM upper bounds, which for a host of n
 * independent VMs overstates the upper bound of their sum by up to sqrt(n)). For each host and horizon step, each
 * resident VM's CPU margin (upper - point) is scaled by {@code sqrt(sum m_i^2) / sum m_i}, so that the margins of
 * the host's VMs add up to the margin of their sum under independence. Points are untouched; a VM that moves
 * carries its scaled margin, which is an approximation where hosts hold very different numbers of VMs.
 */
final class PooledUncertainty {
    private PooledUncertainty() {
    }

    static ClusterSnapshot apply(ClusterSnapshot snapshot) {
        Map<String, Vm> adjusted = new HashMap<>();
        for (Host host : snapshot.hosts()) {
            List<Vm> residents = snapshot.vmsOn(host.id());
            List<Forecast> forecasts = new ArrayList<>();
            int steps = Integer.MAX_VALUE;
            for (Vm vm : residents) {
                Forecast f = vm.forecasts().get(Metric.CPU_PERCENT);
                if (f == null) {
                    forecasts.add(null);
                    continue;
                }
                forecasts.add(f);
                steps = Math.min(steps, f.horizonSteps());
            }
            if (steps == Integer.MAX_VALUE || residents.size() < 2) {
                continue;
            }
            double[] factor = new double[steps];
            for (int s = 0; s < steps; s++) {
                double sum = 0;
                double squares = 0;
                for (int i = 0; i < residents.size(); i++) {
                    Forecast f = forecasts.get(i);
                    if (f == null) {
                        continue;
                    }
                    double m = Math.max(0, f.upperAt(s + 1) - f.pointAt(s + 1)) * residents.get(i).size().cpuMhz();
                    sum += m;
                    squares += m * m;
                }
                factor[s] = sum > 0 ? Math.sqrt(squares) / sum : 1.0;
            }
            for (int i = 0; i < residents.size(); i++) {
                Forecast f = forecasts.get(i);
                if (f == null) {
                    continue;
                }
                double[] point = f.point();
                double[] upper = f.upper();
                for (int s = 0; s < upper.length; s++) {
                    double k = factor[Math.min(s, steps - 1)];
                    upper[s] = point[s] + Math.max(0, upper[s] - point[s]) * k;
                }
                Forecast pooled = new Forecast(f.model(), f.stepSeconds(), point, upper, f.upperQuantile(),
                        f.training(), f.accuracy());
                Map<Metric, Forecast> all = new HashMap<>(residents.get(i).forecasts());
                all.put(Metric.CPU_PERCENT, pooled);
                adjusted.put(residents.get(i).id(), residents.get(i).withForecasts(all));
            }
        }
        if (adjusted.isEmpty()) {
            return snapshot;
        }
        List<Vm> vms = new ArrayList<>(snapshot.vms().size());
        for (Vm vm : snapshot.vms()) {
            vms.add(adjusted.getOrDefault(vm.id(), vm));
        }
        return snapshot.withVms(vms);
    }
}
