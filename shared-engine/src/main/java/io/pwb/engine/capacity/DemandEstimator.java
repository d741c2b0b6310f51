package io.pwb.engine.capacity;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.forecast.ForecastAccuracy;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Vm;

/**
 * Turns a VM's forecasts into per-resource demand over the planning horizon. Fail safe: whenever a forecast is
 * missing, too short, NaN or in training the VM is marked untrusted (it will not be moved) and, where the values
 * cannot be used, its configured size stands in, which over-states rather than under-states its demand.
 */
public final class DemandEstimator {

    /**
     * A bound meant to cover most actuals (typically 95 %) that has held for fewer than half of them is broken:
     * do not act on it. Judged only once enough forecasts have been checked.
     */
    static final double MIN_UPPER_COVERAGE = 0.5;
    static final long MIN_ACCURACY_SAMPLES = 50;

    private DemandEstimator() {
    }

    public static VmDemand estimate(Vm vm, int steps, int stepSeconds) {
        int n = Resource.COUNT * steps;
        double[] upper = new double[n];
        double[] point = new double[n];
        StringBuilder problems = new StringBuilder();
        StringBuilder used = new StringBuilder();

        // CPU: absolute MHz preferred, else percent of the VM's own vCPUs.
        Forecast cpu = vm.forecasts().get(Metric.CPU_MHZ);
        double cpuScale = 1.0;
        Metric cpuMetric = Metric.CPU_MHZ;
        if (cpu == null) {
            cpu = vm.forecasts().get(Metric.CPU_PERCENT);
            cpuScale = vm.size().cpuMhz() / 100.0;
            cpuMetric = Metric.CPU_PERCENT;
        }
        // The recent peak: the configured size (all it could use) unless a usable forecast says how high it went.
        double recentPeakCpu = vm.size().cpuMhz();
        if (cpu == null) {
            problems.append("no CPU forecast; ");
            fill(upper, point, Resource.CPU_MHZ, steps, vm.size().cpuMhz());
        } else if (!copy(cpu, cpuScale, upper, point, Resource.CPU_MHZ, steps, stepSeconds, cpuMetric, problems)) {
            fill(upper, point, Resource.CPU_MHZ, steps, vm.size().cpuMhz());
        } else {
            used.append(describe(cpuMetric, cpu));
            if (Double.isFinite(cpu.recentPeak()) && cpu.recentPeak() >= 0) {
                recentPeakCpu = cpu.recentPeak() * cpuScale;
            }
        }

        // Memory: a missing forecast is safe to replace by the configured size (an upper bound by definition).
        Forecast mem = vm.forecasts().get(Metric.MEMORY_BYTES);
        if (mem == null || !copy(mem, 1.0, upper, point, Resource.MEMORY_BYTES, steps, stepSeconds,
                Metric.MEMORY_BYTES, problems)) {
            fill(upper, point, Resource.MEMORY_BYTES, steps, vm.size().memoryBytes());
            if (mem == null) {
                used.append(", memory at configured size");
            }
        } else {
            used.append(", ").append(describe(Metric.MEMORY_BYTES, mem));
        }

        // Network and disk: optional; the sum of both directions.
        addOptional(vm, Metric.NETWORK_RX_BYTES_PER_SECOND, Metric.NETWORK_TX_BYTES_PER_SECOND,
                Resource.NETWORK_BYTES_PER_SECOND, steps, stepSeconds, upper, point, problems);
        addOptional(vm, Metric.DISK_READ_BYTES_PER_SECOND, Metric.DISK_WRITE_BYTES_PER_SECOND,
                Resource.DISK_BYTES_PER_SECOND, steps, stepSeconds, upper, point, problems);

        boolean trusted = problems.length() == 0;
        String reason = trusted ? null : problems.substring(0, problems.length() - 2);
        return new VmDemand(vm.id(), steps, upper, point, trusted, reason, used.toString(), recentPeakCpu);
    }

    private static String describe(Metric metric, Forecast f) {
        return metric.key() + " by " + f.model() + " (upper q" + f.upperQuantile() + ")";
    }

    private static void fill(double[] upper, double[] point, Resource r, int steps, double value) {
        int base = r.ordinal() * steps;
        for (int s = 0; s < steps; s++) {
            upper[base + s] = value;
            point[base + s] = value;
        }
    }

    /** Copies a forecast into the arrays; false (and a reason) when it cannot be used as is. */
    private static boolean copy(Forecast f, double scale, double[] upper, double[] point, Resource r, int steps,
                                int stepSeconds, Metric metric, StringBuilder problems) {
        if (f.stepSeconds() != stepSeconds) {
            problems.append(metric.key()).append(" forecast step is ").append(f.stepSeconds())
                    .append(" s, planning step is ").append(stepSeconds).append(" s; ");
            return false;
        }
        if (f.horizonSteps() < steps) {
            problems.append(metric.key()).append(" forecast covers ").append(f.horizonSteps()).append(" of ")
                    .append(steps).append(" steps; ");
            return false;
        }
        int base = r.ordinal() * steps;
        for (int s = 0; s < steps; s++) {
            double p = f.pointAt(s + 1);
            double u = f.upperAt(s + 1);
            if (!Double.isFinite(p) || !Double.isFinite(u) || p < 0 || u < 0) {
                problems.append(metric.key()).append(" forecast is not a finite non-negative number at step ")
                        .append(s + 1).append("; ");
                return false;
            }
            point[base + s] = p * scale;
            upper[base + s] = Math.max(u, p) * scale;
        }
        if (f.training()) {
            // Values are usable for projecting its host, but never act on a VM still learning.
            problems.append(metric.key()).append(" forecast is still in training; ");
        }
        ForecastAccuracy a = f.accuracy();
        if (a != null && a.samples() >= MIN_ACCURACY_SAMPLES && a.upperCoverage() < MIN_UPPER_COVERAGE) {
            problems.append(metric.key()).append(String.format(" upper bound held for only %.0f %% of %d actuals; ",
                    a.upperCoverage() * 100, a.samples()));
        }
        return true;
    }

    private static void addOptional(Vm vm, Metric a, Metric b, Resource r, int steps, int stepSeconds,
                                    double[] upper, double[] point, StringBuilder problems) {
        for (Metric m : new Metric[]{a, b}) {
            Forecast f = vm.forecasts().get(m);
            if (f == null) {
                continue;
            }
            double[] u = new double[upper.length];
            double[] p = new double[point.length];
            if (copy(f, 1.0, u, p, r, steps, stepSeconds, m, problems)) {
                int base = r.ordinal() * steps;
                for (int s = 0; s < steps; s++) {
                    upper[base + s] += u[base + s];
                    point[base + s] += p[base + s];
                }
            }
        }
    }
}
