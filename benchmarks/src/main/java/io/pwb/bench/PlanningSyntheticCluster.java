package io.pwb.bench;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.forecast.ForecastAccuracy;
import io.pwb.engine.model.AffinityRule;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CostModel;
import io.pwb.engine.model.Dependency;
import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.model.DependencyKind;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.MaintenanceWindow;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.OvercommitRatios;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.PowerModel;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded synthetic cluster for the planning and placement benchmarks: hosts of 40,000 MHz and 256 GiB, VMs of
 * 4 vCPUs and 4-8 GiB at 500-2,000 MHz with a daily-looking wave, about 5 % of hosts with VMs forecast to grow
 * past the threshold, traffic edges, anti-affinity pairs, a few maintenance windows and two electricity sites.
 */
public final class PlanningSyntheticCluster {

    public static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final long GIB = 1L << 30;

    private PlanningSyntheticCluster() {
    }

    public static ClusterSnapshot build(int hostCount, int vmCount, PlanningMode mode, long seed) {
        Random rnd = new Random(seed);
        List<Host> hosts = new ArrayList<>(hostCount);
        for (int h = 0; h < hostCount; h++) {
            hosts.add(new Host("host-" + h, "host-" + h, "bench", new Resources(40_000, 256.0 * GIB, 0, 0),
                    OvercommitRatios.NONE, HostState.UP, h % 2 == 0 ? PowerModel.HP_PROLIANT_ML110_G4
                    : PowerModel.HP_PROLIANT_ML110_G5, h % 3 == 0 ? "site-b" : "site-a",
                    h % 10 == 0 ? Set.of("win-dc") : Set.of()));
        }
        List<Vm> vms = new ArrayList<>(vmCount);
        int steps = 12;
        for (int v = 0; v < vmCount; v++) {
            int h = v % hostCount;
            boolean growing = h % 20 == 7 && v % 3 == 0; // ~5 % of hosts get VMs that grow
            double base = 500 + rnd.nextDouble() * 1500;
            double phase = rnd.nextDouble() * Math.PI * 2;
            double[] point = new double[steps];
            double[] upper = new double[steps];
            for (int s = 0; s < steps; s++) {
                double wave = base * (1 + 0.2 * Math.sin(phase + s / 6.0));
                point[s] = growing ? wave + 6000.0 * s / steps : wave;
                upper[s] = point[s] * 1.15;
            }
            long memory = (4 + rnd.nextInt(5)) * GIB;
            double[] mem = new double[steps];
            java.util.Arrays.fill(mem, memory * 0.8);
            Map<Metric, Forecast> f = new HashMap<>();
            f.put(Metric.CPU_MHZ, new Forecast("holt-winters", 300, point, upper, 0.95, false,
                    new ForecastAccuracy(288, 100, 140, 0.95)));
            f.put(Metric.MEMORY_BYTES, new Forecast("persistence", 300, mem, mem, 0.95, false,
                    ForecastAccuracy.UNKNOWN));
            vms.add(new Vm("vm-" + v, "vm-" + v, "host-" + h, new VmSize(4, 10_000, memory),
                    v % 25 == 0 ? "win-dc" : null, v % 50 != 0, f, null));
        }
        List<Dependency> edges = new ArrayList<>();
        for (int i = 0; i < vmCount / 2; i++) {
            int a = rnd.nextInt(vmCount);
            int b = rnd.nextInt(vmCount);
            if (a != b) {
                edges.add(new Dependency("vm-" + a, "vm-" + b, 1 + rnd.nextInt(10), DependencyKind.TRAFFIC));
            }
        }
        List<AffinityRule> rules = new ArrayList<>();
        for (int i = 0; i < vmCount / 200; i++) {
            rules.add(AffinityRule.antiAffinity("spread-" + i, Set.of("vm-" + (i * 2), "vm-" + (i * 2 + 1))));
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (int h = 0; h < hostCount; h += Math.max(1, hostCount / 5)) {
            windows.add(new MaintenanceWindow("host-" + h, T0.plusSeconds(7200), T0.plusSeconds(10_800)));
        }
        CostModel costs = new CostModel(0.20, Map.of("site-a", 0.18, "site-b", 0.27), Map.of(),
                PowerModel.HP_PROLIANT_ML110_G5, Map.of("win-dc", 1.2), 1.25e9, 1.25e8);
        PlanningSettings settings = PlanningSettings.DEFAULT.withMode(mode).withCaps(50, 2);
        return new ClusterSnapshot("bench", T0, hosts, vms, new DependencyGraph(edges, rules), windows, costs,
                settings);
    }
}
