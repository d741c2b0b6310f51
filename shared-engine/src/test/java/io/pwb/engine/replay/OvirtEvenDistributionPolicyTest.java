package io.pwb.engine.replay;

import io.pwb.engine.model.PowerModel;
import io.pwb.engine.replay.ReplayPolicy.Migration;
import io.pwb.engine.sim.ClusterObservation;
import io.pwb.engine.sim.ClusterObservation.HostView;
import io.pwb.engine.sim.ClusterObservation.VmView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** oVirt's evenly_distributed balancing on a three-host cluster worked out by hand. */
class OvirtEvenDistributionPolicyTest {
    private static final int STEP = 300;

    /** Host a at 100 % (VMs of 400, 300, 200 and 100 MIPS), b at 20 %, c at 35 %; hosts of 1000 MIPS. */
    private static ClusterObservation overloadedA() {
        Map<String, Double> demand = Map.of("v1", 400.0, "v2", 300.0, "v3", 200.0, "v4", 100.0, "v5", 200.0, "v6", 350.0);
        Map<String, String> host = Map.of("v1", "a", "v2", "a", "v3", "a", "v4", "a", "v5", "b", "v6", "c");
        List<VmView> vms = new ArrayList<>();
        for (String v : List.of("v1", "v2", "v3", "v4", "v5", "v6")) {
            vms.add(new VmView(v, host.get(v), 1000, 512, 512, demand.get(v), null));
        }
        List<HostView> hosts = new ArrayList<>();
        for (String h : List.of("a", "b", "c")) {
            List<String> on = vms.stream().filter(v -> v.hostId().equals(h)).map(VmView::id).toList();
            double d = vms.stream().filter(v -> v.hostId().equals(h)).mapToDouble(VmView::demandMips).sum();
            hosts.add(new HostView(h, 1, 1000, 8192, 512.0 * on.size(), d, true, PowerModel.linear(100, 200), on));
        }
        return new ClusterObservation(0, STEP, STEP, hosts, vms);
    }

    @Test
    void oneCyclePerSampleMovesTheLeastBusyVmToTheLeastLoadedDestination() {
        OvirtEvenDistributionPolicy policy = new OvirtEvenDistributionPolicy(80, 2, STEP, STEP);

        assertEquals(List.of(new Migration("v4", "b")), policy.decide(overloadedA()));
    }

    @Test
    void cyclesBetweenTwoSamplesGoOnFromWhereTheEarlierOnesLeftTheCluster() {
        // Cycle 1: v4 (100) to b (20 % -> 30 %), a at 90 %. Cycle 2: v3 (200) to b, still the least loaded (30 %
        // against c's 35 %), a at 70 %. Cycle 3: a is below 80 %; nothing more.
        OvirtEvenDistributionPolicy policy = new OvirtEvenDistributionPolicy(80, 2, STEP, 60);

        assertEquals(List.of(new Migration("v4", "b"), new Migration("v3", "b")), policy.decide(overloadedA()));
    }

    @Test
    void aHostMustStayAboveTheLineForTheOverCommitDurationBeforeItIsBalanced() {
        // 10 minutes required, a sample is 5: the first sample at 100 % is not enough, the second is.
        OvirtEvenDistributionPolicy policy = new OvirtEvenDistributionPolicy(80, 10, STEP, STEP);

        assertEquals(List.of(), policy.decide(overloadedA()));
        assertEquals(List.of(new Migration("v4", "b")), policy.decide(overloadedA()));
    }

    @Test
    void aBalancingIntervalThatIsNotPositiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OvirtEvenDistributionPolicy(80, 2, STEP, 0));
        assertEquals("the oVirt balancing interval must be positive, got 0.0", e.getMessage());
    }
}
