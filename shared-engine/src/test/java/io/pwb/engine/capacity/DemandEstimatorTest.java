package io.pwb.engine.capacity;

import static io.pwb.engine.Clusters.GIB;
import static io.pwb.engine.Clusters.cpu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemandEstimatorTest {

    private static final VmSize SIZE = new VmSize(2, 5_000, 8 * GIB);

    private static Forecast flat(double v) {
        double[] a = new double[12];
        Arrays.fill(a, v);
        return cpu(0, a);
    }

    @Test
    void cpuPercentIsScaledByTheVmsOwnMhzAndDirectionsAreSummed() {
        Vm vm = Vm.of("vm", "h1", SIZE, Map.of(
                Metric.CPU_PERCENT, cpu(10, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 60),
                Metric.MEMORY_BYTES, flat(2.0 * GIB),
                Metric.NETWORK_RX_BYTES_PER_SECOND, flat(1e6),
                Metric.NETWORK_TX_BYTES_PER_SECOND, flat(3e6)));
        VmDemand d = DemandEstimator.estimate(vm, 12, 300);
        assertTrue(d.trusted(), d.untrustedReason());
        assertEquals(2_000, d.point(Resource.CPU_MHZ, 0), 1e-9, "40 % of 5,000 MHz");
        assertEquals(2_500, d.upper(Resource.CPU_MHZ, 0), 1e-9, "(40 + 10) % of 5,000 MHz");
        assertEquals(3_500, d.peakUpper(Resource.CPU_MHZ), 1e-9);
        assertEquals(2.0 * GIB, d.upper(Resource.MEMORY_BYTES, 5), 1e-9);
        assertEquals(4e6, d.upper(Resource.NETWORK_BYTES_PER_SECOND, 11), 1e-9);
        assertEquals(0, d.upper(Resource.DISK_BYTES_PER_SECOND, 0));
        assertTrue(d.forecastSummary().startsWith("cpu_percent by holt-winters"), d.forecastSummary());
    }

    @Test
    void aLongerForecastIsCutToTheHorizonAndMissingMemoryUsesTheConfiguredSize() {
        double[] long24 = new double[24];
        Arrays.fill(long24, 1000);
        long24[20] = 99_000; // beyond the horizon: ignored
        VmDemand d = DemandEstimator.estimate(Vm.of("vm", "h1", SIZE, Map.of(Metric.CPU_MHZ, cpu(0, long24))),
                12, 300);
        assertTrue(d.trusted());
        assertEquals(1000, d.peakUpper(Resource.CPU_MHZ), 1e-9);
        assertEquals(8.0 * GIB, d.peakUpper(Resource.MEMORY_BYTES), 1e-9);
    }

    @Test
    void anUpperBoundBelowThePointIsRaisedToThePoint() {
        double[] point = new double[12];
        double[] upper = new double[12];
        Arrays.fill(point, 1000);
        Arrays.fill(upper, 800);
        VmDemand d = DemandEstimator.estimate(Vm.of("vm", "h1", SIZE, Map.of(Metric.CPU_MHZ,
                new Forecast("x", 300, point, upper, 0.95, false, null))), 12, 300);
        assertEquals(1000, d.upper(Resource.CPU_MHZ, 3), 1e-9);
    }

    @Test
    void aBadMemoryForecastMakesTheVmUntrustedAndCountsItsSize() {
        double[] nan = new double[12];
        Arrays.fill(nan, Double.NaN);
        VmDemand d = DemandEstimator.estimate(Vm.of("vm", "h1", SIZE, Map.of(Metric.CPU_MHZ, flat(1000),
                Metric.MEMORY_BYTES, new Forecast("x", 300, nan, nan, 0.95, false, null))), 12, 300);
        assertFalse(d.trusted());
        assertTrue(d.untrustedReason().contains("memory_bytes"), d.untrustedReason());
        assertEquals(8.0 * GIB, d.upper(Resource.MEMORY_BYTES, 0), 1e-9);
    }
}
