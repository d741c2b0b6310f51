package io.pwb.engine.replay;

import io.pwb.engine.model.PowerModel;
import io.pwb.engine.sim.ClusterObservation;
import io.pwb.engine.sim.DemandSource;
import io.pwb.engine.sim.HostSpec;
import io.pwb.engine.sim.IdlePower;
import io.pwb.engine.sim.MigrationFailures;
import io.pwb.engine.sim.VmSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The paper's metrics on a two-host cluster computed by hand. */
class ReplayMetricsTest {
    /** vm0, vm1 at 60 % and vm2 at 20 % of 1000 MIPS, for two steps. */
    private record Fixed() implements DemandSource {
        public double utilisation(int vmIndex, long step) {
            return vmIndex == 2 ? 0.2 : 0.6;
        }

        public long steps() {
            return 2;
        }
    }

    /** Moves vm1 from a to b after the first step, then nothing. */
    private static final class MoveOnce implements ReplayPolicy {
        private boolean done;

        public String name() {
            return "move-once";
        }

        public List<Migration> decide(ClusterObservation observation) {
            if (done) {
                return List.of();
            }
            done = true;
            return List.of(new Migration("vm1", "b"));
        }
    }

    @Test
    void energySlatahPdmSlavEsvOnAHandComputedCluster() {
        PowerModel linear = PowerModel.linear(100, 200);
        Scenario scenario = new Scenario("tiny", "hand", List.of(
                new HostSpec("a", 1, 1000, 4096, linear, 1000),
                new HostSpec("b", 1, 1000, 4096, linear, 1000)),
                List.of(new VmSpec("vm0", 1000, 1000), new VmSpec("vm1", 1000, 1000), new VmSpec("vm2", 1000, 1000)),
                new Fixed(), 300, 2, IdlePower.OFF_WHEN_EMPTY, Map.of("vm0", "a", "vm1", "a", "vm2", "b"), 0.8, 0);
        ReplayResult r = ReplayRunner.run(scenario, new MoveOnce(), null, 1, MigrationFailures.none(), null).result();

        // Step 1: a carries 1200 MIPS (overloaded 300 s, 200 W clamped), b 200 MIPS (120 W).
        // Step 2: vm1 moves in 1000 MB x 8 / 500 Mbit/s = 16 s. a: 16 s at 1200 (overloaded, 200 W), 284 s at 600
        // (160 W). b: 16 s at 200 + 10 % of 600 = 260 (126 W), 284 s at 800 (180 W).
        double joules = 200 * 300 + 120 * 300 + 200 * 16 + 160 * 284 + 126 * 16 + 180 * 284;
        assertEquals(joules / 3.6e6, r.energyKwh(), 1e-12);
        // SLATAH: a is overloaded 316 s; b, the target, gives vm1 only 10 % of its request during the 16 s copy.
        double slatah = ((300 + 16) / 600.0 + 16 / 600.0) / 2;
        assertEquals(slatah, r.slatah(), 1e-12);
        double pdm = (0.1 * 600 * 16 / (600 * 600.0)) / 3; // only vm1 lost CPU; mean over three VMs
        assertEquals(pdm, r.pdm(), 1e-12);
        assertEquals(slatah * pdm, r.slav(), 1e-15);
        assertEquals(joules / 3.6e6 * slatah * pdm, r.esv(), 1e-15);
        assertEquals(1, r.migrations());
        assertEquals((300 + 16) / 60.0, r.overloadHostMinutes(), 1e-9);
        // Mean utilisation above 0.8: a in step 1 (1.2) and step 2 ((1200 x 16 + 600 x 284) / 300 / 1000 = 0.632: no);
        // b in step 2 ((260 x 16 + 800 x 284) / 300 = 771 MIPS: no).
        assertEquals(5.0, r.highUtilizationHostMinutes(), 1e-9);
        assertEquals(2 * 2 * 200 * 300 / 3.6e6, r.noPowerManagementKwh(), 1e-12);
    }
}
