package io.pwb.engine.replay;

import io.pwb.engine.model.PowerModel;
import io.pwb.engine.sim.ClusterObservation;
import io.pwb.engine.sim.ClusterObservation.HostView;
import io.pwb.engine.sim.ClusterObservation.VmView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CloudSim's consolidation round (THR-MMT-0.8) on a three-host cluster worked out by hand. */
class ReplayCloudSimConsolidationTest {
    private static final PowerModel LINEAR = PowerModel.linear(100, 200);

    private static HostView host(String id, double demandMips, String... vms) {
        return new HostView(id, 1, 1000, 1_000_000, 0, demandMips, true, LINEAR, List.of(vms));
    }

    private static VmView vm(String id, String host, double memoryMb, double demandMips) {
        return new VmView(id, host, 1000, memoryMb, 0, demandMips, null);
    }

    @Test
    void vmsShedInOneRoundSpreadBecausePowerIsMeasuredFromTheLastObservation() {
        // o carries 1010 MIPS (> 80 %): minimum migration time sheds vm2 (100 MB) and vm3 (200 MB), 200 MIPS each,
        // leaving 610. With linear power every 200 MIPS costs 20 W, so vm2 goes to the first candidate, a. Measured
        // from a's observed 32 %, vm3 would add 40 W on a (72 %) but 20 W on b (31 % -> 51 %): it goes to b. (Measured
        // from the plan, a and b would tie at 20 W and both VMs would land on a.) Under-load consolidation then
        // cannot empty b (vm1 would push a to 83 %) nor a (b was already tried), so no other move is made.
        ClusterObservation observation = new ClusterObservation(1, 300, 300,
                List.of(host("o", 1010, "vm2", "vm3", "vm4"), host("a", 320, "vm0"), host("b", 310, "vm1")),
                List.of(vm("vm0", "a", 1000, 320), vm("vm1", "b", 1000, 310), vm("vm2", "o", 100, 200),
                        vm("vm3", "o", 200, 200), vm("vm4", "o", 3000, 610)));

        Set<String> moves = new ThresholdMmtPolicy().decide(observation).stream()
                .map(m -> m.vmId() + "->" + m.targetHostId()).collect(Collectors.toSet());

        assertEquals(Set.of("vm2->a", "vm3->b"), moves);
    }
}
