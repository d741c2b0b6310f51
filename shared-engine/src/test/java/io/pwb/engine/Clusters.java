package io.pwb.engine;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.forecast.ForecastAccuracy;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/** Small builders for scenario clusters written in code. Hosts have 10,000 MHz and 64 GiB unless told. */
public final class Clusters {

    public static final long GIB = 1L << 30;
    public static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    public static final int STEPS = 12;
    public static final int STEP_SECONDS = 300;

    /**
     * The default settings with a minimum gain of 5 points, for scenarios whose figures were chosen around that
     * hysteresis (they test how the gain works, not its default).
     */
    public static final PlanningSettings FIVE_POINT_GAIN = PlanningSettings.DEFAULT.withMinGain(0.05);

    private Clusters() {
    }

    public static Host host(String id) {
        return Host.up(id, "c1", 10_000, 64 * GIB);
    }

    /** A CPU forecast whose upper bound is the point forecast plus {@code margin}. */
    public static Forecast cpu(double margin, double... pointMhz) {
        double[] upper = Arrays.stream(pointMhz).map(v -> v + margin).toArray();
        return new Forecast("holt-winters", STEP_SECONDS, pointMhz, upper, 0.95, false,
                new ForecastAccuracy(288, 50, 70, 0.95));
    }

    /** A flat CPU forecast over the standard horizon (upper = point). */
    public static Forecast flatCpu(double mhz) {
        double[] v = new double[STEPS];
        Arrays.fill(v, mhz);
        return cpu(0, v);
    }

    /** Steps 1..k-1 at {@code before}, steps k..12 at {@code after}: a load that arrives at step k. */
    public static Forecast stepCpu(double before, int k, double after) {
        double[] v = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            v[s] = s + 1 < k ? before : after;
        }
        return cpu(0, v);
    }

    /** A VM with 4 vCPUs (10,000 MHz at 100 %), 4 GiB, the given CPU forecast and memory at its size. */
    public static Vm vm(String id, String hostId, Forecast cpuForecast) {
        Map<Metric, Forecast> f = cpuForecast == null ? Map.of() : Map.of(Metric.CPU_MHZ, cpuForecast);
        return Vm.of(id, hostId, new VmSize(4, 10_000, 4 * GIB), f);
    }

    /** A VM forecast flat at {@code mhz} whose CPU reached {@code recentPeak} over its last day. */
    public static Vm burstyVm(String id, String hostId, double mhz, double recentPeak) {
        double[] v = new double[STEPS];
        Arrays.fill(v, mhz);
        return vm(id, hostId, new Forecast("holt-winters", STEP_SECONDS, v, v, 0.95, false,
                new ForecastAccuracy(288, 50, 70, 0.95), recentPeak));
    }

    /** A VM whose CPU is flat at {@code mhz}, also reported as its current usage. */
    public static Vm flatVm(String id, String hostId, double mhz) {
        return vm(id, hostId, flatCpu(mhz)).withCurrentUsage(Resources.of(mhz, 4 * GIB));
    }
}
