package io.pwb.engine.capacity;

import static io.pwb.engine.Clusters.GIB;
import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.cpu;
import static io.pwb.engine.Clusters.flatVm;
import static io.pwb.engine.Clusters.host;
import static io.pwb.engine.Clusters.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.MaintenanceWindow;
import io.pwb.engine.model.OvercommitRatios;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityProjectorTest {

    private static ClusterSnapshot twoHosts() {
        double[] ramp = {1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 12000};
        return ClusterSnapshot.of("c1", T0, List.of(host("h1").withOvercommit(OvercommitRatios.of(2, 1)),
                host("h2")), List.of(vm("vm-ramp", "h1", cpu(500, ramp)), flatVm("vm-flat", "h1", 1000)));
    }

    @Test
    void freeIsCapacityTimesOvercommitMinusResidentUpperForecasts() {
        ClusterProjection p = CapacityProjector.project(twoHosts(), List.of());
        int h1 = p.indexOf("h1");
        assertEquals(20_000, p.capacity(h1, Resource.CPU_MHZ, 0));
        assertEquals(1500 + 1000, p.used(h1, Resource.CPU_MHZ, 0));
        assertEquals(20_000 - 12_500 - 1000, p.free(h1, Resource.CPU_MHZ, 11));
        assertEquals(64.0 * GIB - 8.0 * GIB, p.free(h1, Resource.MEMORY_BYTES, 5), "memory at configured size");
        assertEquals(13_500 / 20_000.0, p.peakUtilisation(h1), 1e-12);
        assertFalse(p.constrained(h1, Resource.NETWORK_BYTES_PER_SECOND), "network not reported: not constrained");
    }

    @Test
    void reservationsCountOnTheTargetAndOutgoingVmsStayOnTheSource() {
        ClusterSnapshot s = twoHosts();
        Reservation r = new Reservation("vm-flat", "h1", "h2", Resources.of(1200, 4 * GIB));
        ClusterProjection p = CapacityProjector.project(s, List.of(r));
        int h1 = p.indexOf("h1");
        int h2 = p.indexOf("h2");
        assertEquals(1200, p.used(h2, Resource.CPU_MHZ, 3));
        assertEquals(2500, p.used(h1, Resource.CPU_MHZ, 0), "conservative: still counted on the source");
        assertEquals(1500, p.expectedUsed(h1, Resource.CPU_MHZ, 0), "expected: gone from the source");
        assertTrue(p.presentOn("vm-flat", h2));
        assertTrue(p.hasArrivals(h2));

        // Once the VM runs on the target the reservation is not counted twice.
        ClusterProjection arrived = CapacityProjector.project(s.withVmOn("vm-flat", "h2"), List.of(r));
        assertEquals(1000, arrived.used(arrived.indexOf("h2"), Resource.CPU_MHZ, 3));
    }

    @Test
    void maintenanceWindowRemovesCapacityInTheStepsItCovers() {
        ClusterSnapshot s = twoHosts().withMaintenanceWindows(List.of(
                new MaintenanceWindow("h2", T0.plusSeconds(1800), T0.plusSeconds(2400))));
        ClusterProjection p = CapacityProjector.project(s, List.of());
        int h2 = p.indexOf("h2");
        assertEquals(10_000, p.capacity(h2, Resource.CPU_MHZ, 5));
        assertEquals(0, p.capacity(h2, Resource.CPU_MHZ, 6));
        assertEquals(0, p.capacity(h2, Resource.MEMORY_BYTES, 7));
        assertEquals(10_000, p.capacity(h2, Resource.CPU_MHZ, 8));
        assertTrue(p.maintenanceInHorizon(h2));
        assertFalse(p.maintenanceInHorizon(p.indexOf("h1")));
    }

    @Test
    void plannedMoveReturnsANewProjectionAndLeavesTheOldOne() {
        ClusterProjection p = CapacityProjector.project(twoHosts(), List.of());
        ClusterProjection moved = p.withPlannedMove("vm-flat", p.indexOf("h1"), p.indexOf("h2"));
        assertEquals(0, p.used(p.indexOf("h2"), Resource.CPU_MHZ, 0));
        assertEquals(1000, moved.used(moved.indexOf("h2"), Resource.CPU_MHZ, 0));
        assertEquals(1500, moved.expectedUsed(moved.indexOf("h1"), Resource.CPU_MHZ, 0));
    }
}
