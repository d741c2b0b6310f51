package io.pwb.engine.sim;

import io.pwb.engine.model.PowerModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedPlatformTest {
    private static final PowerModel LINEAR = PowerModel.linear(100, 200);

    /** Constant demand per VM (fraction of its size), for hand-computed expectations. */
    private record Constant(double... fractions) implements DemandSource {
        public double utilisation(int vmIndex, long step) {
            return fractions[vmIndex];
        }

        public long steps() {
            return 10;
        }
    }

    private static SimulatedPlatform platform(MigrationFailures failures, double... fractions) {
        List<HostSpec> hosts = List.of(new HostSpec("a", 1, 1000, 4096, LINEAR, 1000),
                new HostSpec("b", 1, 1000, 4096, LINEAR, 1000));
        List<VmSpec> vms = new java.util.ArrayList<>();
        for (int i = 0; i < fractions.length; i++) {
            vms.add(new VmSpec("vm" + i, 1000, 1000));
        }
        return new SimulatedPlatform(hosts, vms, new Constant(fractions), 300, failures, true);
    }

    /** One VM at a constant fraction that leaves at a given step. */
    private record Leaving(double fraction, long leavesAt) implements DemandSource {
        public double utilisation(int vmIndex, long step) {
            return fraction;
        }

        public long steps() {
            return 10;
        }

        @Override
        public long departureStep(int vmIndex) {
            return leavesAt;
        }
    }

    private static SimulatedPlatform onePlatform(DemandSource demand, IdlePower idle) {
        return new SimulatedPlatform(List.of(new HostSpec("a", 1, 1000, 4096, LINEAR, 1000),
                new HostSpec("b", 1, 1000, 4096, LINEAR, 1000)), List.of(new VmSpec("vm0", 1000, 1000)), demand, 300,
                MigrationFailures.none(), idle);
    }

    @Test
    void departingVmLeavesItsHostForGood() {
        SimulatedPlatform p = onePlatform(new Leaving(0.5, 1), IdlePower.OFF_WHEN_EMPTY);
        p.place("vm0", "a");
        assertEquals(150.0 * 300, p.step().hostEnergyJoules()[0], 1e-9);
        StepRecord r = p.step();
        assertEquals(0.0, r.hostEnergyJoules()[0]);
        assertEquals(0.0, r.vmRequestedMipsSeconds()[0]);
        assertNull(p.hostOf("vm0"));
        assertNull(p.observe().vms().get(0).hostId());
        assertEquals(0, p.observe().hosts().get(0).vmIds().size());
        MigrationResult.Refused refused = assertInstanceOf(MigrationResult.Refused.class, p.requestMigration("vm0", "b"));
        assertEquals("vm has left the platform", refused.reason());
    }

    @Test
    void idlePowerRuleDecidesWhatAHostAtZeroCpuDraws() {
        SimulatedPlatform empty = onePlatform(new Leaving(0.0, Long.MAX_VALUE), IdlePower.OFF_WHEN_EMPTY);
        empty.place("vm0", "a");
        assertEquals(100.0 * 300, empty.step().hostEnergyJoules()[0], 1e-9); // carries a VM: idles at 100 W
        SimulatedPlatform cloudSim = onePlatform(new Leaving(0.0, Long.MAX_VALUE), IdlePower.OFF_AT_ZERO_CPU);
        cloudSim.place("vm0", "a");
        StepRecord r = cloudSim.step();
        assertEquals(0.0, r.hostEnergyJoules()[0]); // 0 % CPU: 0 W even with a VM
        assertEquals(0.0, r.hostEnergyJoules()[1]);
        SimulatedPlatform allOn = onePlatform(new Leaving(0.0, Long.MAX_VALUE), IdlePower.ALWAYS_ON);
        allOn.place("vm0", "a");
        assertEquals(100.0 * 300, allOn.step().hostEnergyJoules()[1], 1e-9); // empty host idles too
    }

    @Test
    void emptyHostDrawsNothingAndLoadedHostFollowsItsPowerCurve() {
        SimulatedPlatform p = platform(MigrationFailures.none(), 0.5);
        p.place("vm0", "a");
        StepRecord r = p.step();
        assertEquals(150.0 * 300, r.hostEnergyJoules()[0], 1e-9);
        assertEquals(0.0, r.hostEnergyJoules()[1]);
        assertEquals(300, r.hostActiveSeconds()[0]);
        assertEquals(0, r.hostActiveSeconds()[1]);
        assertEquals(500, p.observe().hosts().get(0).cpuDemandMips(), 1e-9);
    }

    @Test
    void migrationTakesMemoryOverHalfTheLinkAndCostsTenPercent() {
        SimulatedPlatform p = platform(MigrationFailures.none(), 0.5);
        p.place("vm0", "a");
        MigrationResult m = p.requestMigration("vm0", "b");
        MigrationResult.Started s = assertInstanceOf(MigrationResult.Started.class, m);
        assertEquals(16.0, s.durationSeconds(), 1e-9); // 1000 MB x 8 / 500 Mbit/s
        StepRecord r = p.step();
        // a: 16 s at 50 % (150 W), then empty (0 W); b: 16 s carrying 10 % of 500 MIPS (105 W), then 150 W.
        assertEquals(150.0 * 16, r.hostEnergyJoules()[0], 1e-9);
        assertEquals(105.0 * 16 + 150.0 * 284, r.hostEnergyJoules()[1], 1e-9);
        assertEquals(0.1 * 500 * 16, r.vmMigrationLossMipsSeconds()[0], 1e-9);
        assertEquals(500.0 * 300, r.vmRequestedMipsSeconds()[0], 1e-9);
        assertEquals(1, r.migrationsStarted());
        assertEquals(1, r.migrationsCompleted());
        assertEquals("b", p.hostOf("vm0"));
        assertEquals(List.of("vm0"), p.observe().hosts().get(1).vmIds());
        assertNull(p.observe().vms().get(0).targetHostId());
    }

    @Test
    void injectedFailureLeavesTheVmOnItsSource() {
        SimulatedPlatform p = platform((vm, src, dst, step) -> true, 0.5);
        p.place("vm0", "a");
        p.requestMigration("vm0", "b");
        StepRecord r = p.step();
        assertEquals(1, r.migrationsFailed());
        assertEquals("a", p.hostOf("vm0"));
        assertEquals(0.0, p.observe().hosts().get(1).usedMemoryMb());
    }

    @Test
    void demandAboveCapacityIsOverloadTime() {
        SimulatedPlatform p = platform(MigrationFailures.none(), 0.6, 0.6);
        p.place("vm0", "a");
        p.place("vm1", "a");
        StepRecord r = p.step();
        assertEquals(300, r.hostOverloadSeconds()[0]);
        assertEquals(1.2, p.observe().hosts().get(0).utilisation(), 1e-9);
        assertEquals(200.0 * 300, r.hostEnergyJoules()[0], 1e-9); // clamped at 100 %
    }

    @Test
    void refusesImpossibleMigrations() {
        SimulatedPlatform p = platform(MigrationFailures.none(), 0.1, 0.1, 0.1, 0.1, 0.1);
        for (int i = 0; i < 4; i++) {
            p.place("vm" + i, "a");
        }
        assertThrows(IllegalStateException.class, () -> p.place("vm4", "a")); // 5 x 1000 MB > 4096 MB
        p.place("vm4", "b");
        assertInstanceOf(MigrationResult.Started.class, p.requestMigration("vm0", "b"));
        assertInstanceOf(MigrationResult.Refused.class, p.requestMigration("vm0", "b")); // already moving
        assertInstanceOf(MigrationResult.Started.class, p.requestMigration("vm1", "b"));
        assertInstanceOf(MigrationResult.Started.class, p.requestMigration("vm2", "b"));
        assertInstanceOf(MigrationResult.Refused.class, p.requestMigration("vm3", "b")); // memory reserved by moves
        assertInstanceOf(MigrationResult.Refused.class, p.requestMigration("nope", "b"));
        assertInstanceOf(MigrationResult.Refused.class, p.requestMigration("vm3", "a"));
        assertInstanceOf(MigrationResult.Refused.class, p.requestMigration("vm3", "zzz"));
    }

    @Test
    void syntheticDemandIsDeterministicAndBounded() {
        SyntheticDemandSource a = new SyntheticDemandSource(5, 300, 0.5, 0.05, 42);
        SyntheticDemandSource b = new SyntheticDemandSource(5, 300, 0.5, 0.05, 42);
        boolean differs = false;
        for (int vm = 0; vm < 5; vm++) {
            for (long s = 0; s < 600; s++) {
                double v = a.utilisation(vm, s);
                assertEquals(v, b.utilisation(vm, s));
                assertTrue(v >= 0 && v <= 1);
                differs |= v != a.utilisation(vm, 0);
            }
        }
        assertTrue(differs);
        assertFalse(new SyntheticDemandSource(5, 300, 0.5, 0.05, 43).utilisation(0, 7) == a.utilisation(0, 7));
    }
}
