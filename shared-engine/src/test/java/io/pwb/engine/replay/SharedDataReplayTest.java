package io.pwb.engine.replay;

import io.pwb.engine.sim.MigrationFailures;
import io.pwb.engine.trace.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The CloudSim reproduction on the real PlanetLab date 20110303, when the shared data is present. */
class SharedDataReplayTest {
    private static Path date() {
        Path p = SharedData.folder("planetlab").map(d -> d.resolve("20110303")).orElse(null);
        assumeTrue(p != null && Files.isDirectory(p), "shared PlanetLab data absent: skipped");
        return p;
    }

    private static ReplayResult run(String scenario, String policy) {
        Scenario sc = Scenarios.load(scenario, date(), 1);
        return ReplayRunner.run(sc, ReplayPolicies.create(policy, Scenarios.defaultMode(scenario), sc, 1), null, 1,
                MigrationFailures.none(), null).result();
    }

    @Test
    void thresholdPolicyLandsNearCloudSimsPublishedEnergy() {
        ReplayResult none = run("ccpe2012", "none");
        ReplayResult thr = run("ccpe2012", "thr");
        assertEquals(1052, thr.vms());
        assertEquals(800, thr.hosts());
        // CloudSim 3.0.3, THR-MMT-0.8 on 20110303: 198.08 kWh, 27,728 migrations; no power management: 2410.8 kWh.
        // CloudSim's figures come from a workload that loses half its VMs during the day (docs/replay.md); with every
        // VM kept for 24 h, energy is about a third higher and migrations about 1.4x.
        assertEquals(198.08, thr.energyKwh(), 0.40 * 198.08);
        assertTrue(thr.migrations() > 27_728 / 2 && thr.migrations() < 2 * 27_728, "migrations " + thr.migrations());
        assertEquals(2410.8, thr.noPowerManagementKwh(), 0.01 * 2410.8);
        assertTrue(thr.energyKwh() < none.energyKwh() / 3, "consolidation must save most of the energy");
        assertTrue(thr.slatah() > 0 && thr.pdm() > 0);
    }

    @Test
    void withCloudSimsArtefactsThrAndLrLandOnCloudSimsFigures() {
        // Measured by running CloudSim 3.0.3's own PlanetLab runner on this folder with the files in name order (our
        // VM type order): THR-MMT-0.8 192.62 kWh, 26,711 migrations; LR-MMT-1.2 163.48 kWh, 27,859 migrations.
        // CloudSim also counts a VM planned twice in one round twice (about 3,000 a day here), which we request once.
        ReplayResult thr = run(Ccpe2012Scenario.CLOUDSIM_NAME, "thr");
        ReplayResult lr = run(Ccpe2012Scenario.CLOUDSIM_NAME, "lr");
        assertEquals(192.62, thr.energyKwh(), 0.05 * 192.62);
        assertEquals(163.48, lr.energyKwh(), 0.05 * 163.48);
        assertEquals(26_711, thr.migrations(), 0.20 * 26_711);
        assertEquals(27_859, lr.migrations(), 0.20 * 27_859);
        assertEquals(287, thr.steps()); // the first step is CloudSim's unmeasured start
    }

    @Test
    void balancingReducesOverload() {
        ReplayResult none = run("balance", "none");
        ReplayResult even = run("balance", "ovirt-even");
        assertTrue(none.overloadHostMinutes() > 0);
        assertTrue(even.overloadHostMinutes() < none.overloadHostMinutes());
        assertEquals(0, none.migrations());
    }
}
