package io.pwb.engine.capacity;

import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.burstyVm;
import static io.pwb.engine.Clusters.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pwb.engine.Clusters;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.Vm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exposure to one VM's burst, hand-computed on 10,000 MHz hosts. */
class BurstExposureTest {

    private static ClusterProjection projection(List<Vm> vms) {
        return CapacityProjector.project(ClusterSnapshot.of("c1", T0, List.of(host("h1"), host("h2")), vms), List.of());
    }

    @Test
    void forecastPlusTheLargestSingleBurstOverCapacity() {
        ClusterProjection p = projection(List.of(burstyVm("a", "h1", 2000, 9000), burstyVm("b", "h1", 3000, 5000),
                burstyVm("c", "h2", 1000, 800)));
        BurstExposure e = BurstExposure.of(p);
        assertEquals(7000, p.demand("a").burstCpu());
        assertEquals(0, p.demand("c").burstCpu(), "a peak below the forecast is no burst");
        assertEquals((2000 + 3000 + 7000) / 10_000.0, e.exposure(0), 1e-9, "one burst counts, not the sum");
        assertEquals("a", e.largestBurst(0).vmId());
        assertEquals((3000 + 2000) / 10_000.0, e.exposureWithout(0, "a"), 1e-9, "then b's burst is the largest");
        assertEquals((1000 + 2000 + 7000) / 10_000.0, e.exposureWith(1, p.demand("a")), 1e-9);
        assertEquals(0.1, e.exposure(1), 1e-9);
        assertNull(e.largestBurst(1));
    }

    @Test
    void aPlannedMoveCountsTheVmOnItsTarget() {
        ClusterProjection p = projection(List.of(burstyVm("a", "h1", 2000, 9000), burstyVm("c", "h2", 1000, 1000)));
        BurstExposure e = BurstExposure.of(p.withPlannedMove("a", 0, 1, p.demand("a")));
        assertEquals(0, e.exposure(0), 1e-9);
        assertEquals((1000 + 2000 + 7000) / 10_000.0, e.exposure(1), 1e-9);
    }

    @Test
    void aVmWithoutUsableForecastsCountsAtItsSizeWithNoBurst() {
        ClusterProjection p = projection(List.of(Clusters.vm("x", "h1", null)));
        assertEquals(0, p.demand("x").burstCpu());
        assertEquals(1.0, BurstExposure.of(p).exposure(0), 1e-9);
    }
}
