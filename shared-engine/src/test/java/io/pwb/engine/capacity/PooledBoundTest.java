package io.pwb.engine.capacity;

import static io.pwb.engine.Clusters.GIB;
import static io.pwb.engine.Clusters.STEPS;
import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.cpu;
import static io.pwb.engine.Clusters.host;
import static io.pwb.engine.Clusters.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.forecast.ForecastAccuracy;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.planning.Planner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The host projection pools VM margins (points + sqrt of summed squared margins) instead of adding upper bounds. */
class PooledBoundTest {

    private static double[] flat(double v) {
        double[] a = new double[STEPS];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void marginsAddInQuadratureAndASingleVmKeepsItsOwnMargin() {
        ClusterSnapshot s = ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2"), host("h3")), List.of(
                vm("a", "h1", cpu(300, flat(1000))), vm("b", "h1", cpu(400, flat(2000))),
                vm("c", "h2", cpu(300, flat(1000))),
                vm("untrusted", "h3", null)));
        ClusterProjection p = CapacityProjector.project(s, List.of());
        assertEquals(3000 + 500, p.used(p.indexOf("h1"), Resource.CPU_MHZ, 0), 1e-9, "3-4-5: margin 500, not 700");
        assertEquals(1300, p.used(p.indexOf("h2"), Resource.CPU_MHZ, 0), 1e-9, "one VM: its own upper bound");
        assertEquals(10_000, p.used(p.indexOf("h3"), Resource.CPU_MHZ, 0), 1e-9, "no forecast: full size");

        // A planned move joins the target's pool and leaves the source's (expected view).
        ClusterProjection moved = p.withPlannedMove("c", p.indexOf("h2"), p.indexOf("h1"));
        double margin = Math.sqrt(300 * 300 + 400 * 400 + 300 * 300);
        assertEquals(4000 + margin, moved.used(moved.indexOf("h1"), Resource.CPU_MHZ, 0), 1e-9);
        assertEquals(0, moved.expectedUsed(moved.indexOf("h2"), Resource.CPU_MHZ, 0), 1e-9);
        assertEquals(1300, moved.used(moved.indexOf("h2"), Resource.CPU_MHZ, 0), 1e-9, "conservative: still there");

        // An active reservation counts as the planned move did (the reserved amount is the VM's bound); one for a
        // VM the snapshot does not know counts at its reserved amount.
        ClusterProjection reserved = CapacityProjector.project(s, List.of(
                new Reservation("c", "h2", "h1", Resources.of(1300, 4 * GIB)),
                new Reservation("gone", "h9", "h3", Resources.of(700, 4 * GIB))));
        assertEquals(4000 + margin, reserved.used(reserved.indexOf("h1"), Resource.CPU_MHZ, 0), 1e-9);
        assertEquals(10_700, reserved.used(reserved.indexOf("h3"), Resource.CPU_MHZ, 0), 1e-9);
    }

    /**
     * 20 independent VMs with Gaussian noise, each forecast by its mean with an upper bound at its own 95 %
     * quantile. The pooled bound of the host covers the host's total about 95 % of the time; the sum of upper
     * bounds covers it essentially always because its margin is several times too wide.
     */
    @Test
    void pooledBoundOfManyIndependentNoisyVmsStaysCalibrated() {
        Random rnd = new Random(42);
        int n = 20;
        double z95 = 1.6448536269514722;
        double[] mean = new double[n];
        double[] sd = new double[n];
        List<Vm> vms = new ArrayList<>();
        double naive = 0;
        for (int i = 0; i < n; i++) {
            mean[i] = 500 + rnd.nextDouble() * 1000;
            sd[i] = 50 + rnd.nextDouble() * 250;
            double[] point = flat(mean[i]);
            double[] upper = flat(mean[i] + z95 * sd[i]);
            naive += mean[i] + z95 * sd[i];
            Forecast f = new Forecast("test", 300, point, upper, 0.95, false, new ForecastAccuracy(288, 50, 70, 0.95));
            vms.add(Vm.of("vm" + i, "h1", new VmSize(4, 10_000, 4 * GIB), Map.of(Metric.CPU_MHZ, f)));
        }
        Host big = Host.up("h1", "c1", 100_000, 256 * GIB);
        ClusterProjection p = CapacityProjector.project(ClusterSnapshot.of("c1", T0, List.of(big), vms), List.of());
        double pooled = p.used(0, Resource.CPU_MHZ, 0);
        double points = Arrays.stream(mean).sum();

        int trials = 20_000;
        int pooledHeld = 0;
        int naiveHeld = 0;
        int firstVmHeld = 0;
        for (int t = 0; t < trials; t++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double x = mean[i] + sd[i] * rnd.nextGaussian();
                total += x;
                if (i == 0 && x <= mean[0] + z95 * sd[0]) {
                    firstVmHeld++;
                }
            }
            pooledHeld += total <= pooled ? 1 : 0;
            naiveHeld += total <= naive ? 1 : 0;
        }
        double pooledCoverage = pooledHeld / (double) trials;
        double naiveCoverage = naiveHeld / (double) trials;
        assertEquals(0.95, firstVmHeld / (double) trials, 0.01, "each VM's own bound is calibrated");
        assertEquals(0.95, pooledCoverage, 0.01, "pooled bound covers the host total at its quantile");
        assertTrue(naiveCoverage > 0.9999, "sum of upper bounds: coverage " + naiveCoverage);
        assertTrue((naive - points) > 3 * (pooled - points),
                "sum of margins " + (naive - points) + " vs pooled " + (pooled - points));
    }

    /** A host of 16 noisy VMs at 60 % on average: pooled it stays under 80 %, summed upper bounds would say 84 %. */
    @Test
    void manySmallNoisyVmsAtSixtyPercentDoNotLookOverloaded() {
        List<Vm> vms = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            vms.add(vm("vm" + i, "h1", cpu(150, flat(375))));
        }
        vms.add(vm("other", "h2", cpu(150, flat(2000))));
        ClusterSnapshot s = ClusterSnapshot.of("c1", T0, List.of(Host.up("h1", "c1", 10_000, 256 * GIB),
                Host.up("h2", "c1", 10_000, 256 * GIB)), vms);
        ClusterProjection p = CapacityProjector.project(s, List.of());
        assertEquals(0.60 + 0.06, p.peakUtilisation(p.indexOf("h1")), 1e-9);
        PlanResult plan = new Planner().plan(s, List.of(), CoolDowns.NONE);
        assertTrue(plan.decisions().isEmpty(), plan.decisions().toString());
    }
}
