package io.pwb.engine.replay;

import io.pwb.engine.model.PowerModel;
import io.pwb.engine.sim.HostSpec;
import io.pwb.engine.sim.IdlePower;
import io.pwb.engine.sim.TraceDemandSource;
import io.pwb.engine.sim.VmSpec;
import io.pwb.engine.trace.PlanetLabTrace;
import io.pwb.engine.trace.TraceSeries;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CloudSim PlanetLab set-up of Beloglazov &amp; Buyya (CCPE 2012): 800 hosts alternating HP ProLiant ML110 G4
 * (2 x 1860 MIPS) and G5 (2 x 2660 MIPS), 4096 MB, 1 Gbit/s; one VM per trace file, VM types (MIPS/MB) 2500/870,
 * 2000/1740, 1000/1740, 500/613 in four consecutive blocks of ceil(n/4) files in file-name order; 300 s steps over
 * 24 h; empty hosts are switched off. VMs start where power-aware best fit decreasing puts them at their full CPU
 * size and memory, as CloudSim sizes VMs at creation, filling hosts up to 100 % of their CPU.
 *
 * <p>Memory after creation: CloudSim's PlanetLab VMs model RAM use as zero ({@code UtilizationModelNull}), so once
 * created they hold no memory on their host and memory never limits consolidation (only CPU does); the configured
 * memory still sets migration time. This scenario reproduces that (reserved memory 0), otherwise 4 GB hosts could
 * not hold more than about three VMs each and no policy could approach CloudSim's published energy.
 */
public final class Ccpe2012Scenario {
    public static final String NAME = "ccpe2012";
    /**
     * The same set-up with CloudSim 3.0.3's own simulation artefacts, to check that {@code thr} and {@code lr} land on
     * the published figures: VMs leave as CloudSim makes them leave ({@link CloudSimVmExits}), a host at 0 % CPU draws
     * 0 W ({@link IdlePower#OFF_AT_ZERO_CPU}), VMs start where CloudSim's creation puts them
     * ({@link #cloudSimInitialPlacement}), and the first step is neither measured nor acted on (CloudSim's first update
     * and decision are at the second sample; before it every host counts as at 0 %, so 0 W).
     */
    public static final String CLOUDSIM_NAME = "ccpe2012-cloudsim";
    public static final int HOSTS = 800;
    static final double[] VM_MIPS = {2500, 2000, 1000, 500};
    static final double[] VM_MEMORY_MB = {870, 1740, 1740, 613};
    static final double HOST_MEMORY_MB = 4096;
    static final double LINK_MBPS = 1000;
    /**
     * Initial placement packs hosts up to 100 % of their CPU at full VM size. (CloudSim applies the policy's own
     * overload test, 0.8 for THR, and silently drops VMs that find no host; on the larger dates, e.g. 20110322
     * with 1516 VMs, 0.8 leaves VMs without a host, and dropping them would change the workload.)
     */
    static final double INITIAL_PLACEMENT_THRESHOLD = 1.0;

    private Ccpe2012Scenario() {
    }

    public static Scenario build(String label, List<TraceSeries> series) {
        return build(label, series, HOSTS);
    }

    /** With a different host count (tests use tiny clusters). */
    public static Scenario build(String label, List<TraceSeries> series, int hostCount) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no trace series for scenario " + NAME);
        }
        List<HostSpec> hosts = new ArrayList<>();
        for (int i = 0; i < hostCount; i++) {
            hosts.add(i % 2 == 0
                    ? new HostSpec(String.format("g4-%03d", i), 2, 2 * 1860, HOST_MEMORY_MB, PowerModel.HP_PROLIANT_ML110_G4, LINK_MBPS)
                    : new HostSpec(String.format("g5-%03d", i), 2, 2 * 2660, HOST_MEMORY_MB, PowerModel.HP_PROLIANT_ML110_G5, LINK_MBPS));
        }
        List<VmSpec> vms = vmsInTypeBlocks(series, true);
        int steps = series.stream().mapToInt(TraceSeries::length).min().orElse(0);
        Map<String, String> placement = initialPlacement(hosts, vms);
        return new Scenario(NAME, label, hosts, vms, new TraceDemandSource(series), PlanetLabTrace.STEP_SECONDS, steps,
                IdlePower.OFF_WHEN_EMPTY, placement, BalanceScenario.HIGH_UTILIZATION, 0);
    }

    /** {@link #CLOUDSIM_NAME}: this set-up with CloudSim 3.0.3's artefacts. */
    public static Scenario buildCloudSim(String label, List<TraceSeries> series) {
        Scenario s = build(label, series);
        return new Scenario(CLOUDSIM_NAME, label, s.hosts(), s.vms(), new CloudSimVmExits(s.demand(), s.vms().size()),
                s.stepSeconds(), s.steps(), IdlePower.OFF_AT_ZERO_CPU, cloudSimInitialPlacement(s.hosts(), s.vms()),
                s.highUtilizationThreshold(), 1);
    }

    /** One VM per series; type k for the k-th block of ceil(n/4) series. */
    static List<VmSpec> vmsInTypeBlocks(List<TraceSeries> series, boolean cloudSimMemory) {
        int block = (int) Math.ceil(series.size() / (double) VM_MIPS.length);
        List<VmSpec> vms = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            int type = i / block;
            vms.add(new VmSpec(series.get(i).name(), VM_MIPS[type], VM_MEMORY_MB[type],
                    cloudSimMemory ? 0 : VM_MEMORY_MB[type]));
        }
        return vms;
    }

    /**
     * CloudSim's VM creation: VMs in file order (not decreasing), each to the host whose power grows least from idle
     * (no host has been updated yet, so every host's current power is its idle power) at the VMs' full CPU size and
     * memory; no utilisation threshold applies in practice, because at creation time the VMs already created request
     * nothing and only the new VM's full size is tested against the threshold. This spreads the VMs over most hosts.
     */
    static Map<String, String> cloudSimInitialPlacement(List<HostSpec> hosts, List<VmSpec> vms) {
        PlanState plan = PlanState.unplaced(hosts, vms);
        Map<String, String> placement = new HashMap<>();
        for (int v = 0; v < vms.size(); v++) {
            int h = PowerAwareBestFitDecreasing.bestHostAgainstObservedPower(plan, v, x -> false, (host, vm) -> false);
            if (h < 0) {
                throw new IllegalArgumentException("scenario " + CLOUDSIM_NAME + ": VM " + vms.get(v).id() + " has no host");
            }
            plan.assign(v, h);
            placement.put(vms.get(v).id(), hosts.get(h).id());
        }
        return placement;
    }

    static Map<String, String> initialPlacement(List<HostSpec> hosts, List<VmSpec> vms) {
        PlanState plan = PlanState.unplaced(hosts, vms);
        List<Integer> all = new ArrayList<>();
        for (int v = 0; v < vms.size(); v++) {
            all.add(v);
        }
        Map<String, String> placement = new HashMap<>();
        for (int v : PowerAwareBestFitDecreasing.decreasing(plan, all)) {
            int h = PowerAwareBestFitDecreasing.bestHost(plan, v, x -> false,
                    (host, vm) -> (plan.demandMips(host) + plan.vmDemandMips(vm)) / plan.capacityMips(host) > INITIAL_PLACEMENT_THRESHOLD);
            if (h < 0) {
                throw new IllegalArgumentException("scenario " + NAME + ": " + vms.size() + " VMs do not fit on "
                        + hosts.size() + " hosts (VM " + vms.get(v).id() + " has no host)");
            }
            plan.assign(v, h);
            placement.put(vms.get(v).id(), hosts.get(h).id());
        }
        return placement;
    }
}
