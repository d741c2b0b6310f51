package io.pwb.engine.replay;

import io.pwb.engine.model.PowerModel;
import io.pwb.engine.sim.HostSpec;
import io.pwb.engine.sim.IdlePower;
import io.pwb.engine.sim.TraceDemandSource;
import io.pwb.engine.sim.VmSpec;
import io.pwb.engine.trace.PlanetLabTrace;
import io.pwb.engine.trace.TraceSeries;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A load-balancing set-up: the ccpe2012 VMs on a fixed set of identical hosts (2 x 2660 MIPS) whose number makes the
 * mean host utilisation about 60 %, with enough memory that memory never decides placement, and no power-off. VMs
 * start spread by their nominal size (each to the host with the least VM capacity so far, in a seeded random order),
 * as a scheduler that does not know future demand would place them. The first {@link #WARMUP_STEPS} steps are
 * observed but not measured.
 */
public final class BalanceScenario {
    public static final String NAME = "balance";
    static final double TARGET_MEAN_UTILISATION = 0.6;
    static final double HOST_MIPS = 2 * 2660;
    static final double HIGH_UTILIZATION = 0.8;
    /**
     * Two hours in which every policy only observes and nothing is measured: a balancer is switched on in a cluster
     * that has monitoring history, and two hours is what the engine's forecasters need before they are trusted.
     * All policies start measurement from the same (unbalanced) placement with the same history.
     */
    static final int WARMUP_STEPS = 24;

    private BalanceScenario() {
    }

    public static Scenario build(String label, List<TraceSeries> series, long seed) {
        List<VmSpec> vms = Ccpe2012Scenario.vmsInTypeBlocks(series, false);
        TraceDemandSource demand = new TraceDemandSource(series);
        int steps = (int) demand.steps();
        double meanDemand = 0;
        double memory = 0;
        for (int v = 0; v < vms.size(); v++) {
            memory += vms.get(v).memoryMb();
            for (int s = 0; s < steps; s++) {
                meanDemand += demand.utilisation(v, s) * vms.get(v).cpuMips() / steps;
            }
        }
        int hostCount = Math.max(2, (int) Math.round(meanDemand / (TARGET_MEAN_UTILISATION * HOST_MIPS)));
        double hostMemoryMb = Math.ceil(2.0 * memory / hostCount / 1024) * 1024;
        List<HostSpec> hosts = new ArrayList<>();
        for (int i = 0; i < hostCount; i++) {
            hosts.add(new HostSpec(String.format("host-%03d", i), 2, HOST_MIPS, hostMemoryMb,
                    PowerModel.HP_PROLIANT_ML110_G5, Ccpe2012Scenario.LINK_MBPS));
        }
        List<Integer> order = new ArrayList<>();
        for (int v = 0; v < vms.size(); v++) {
            order.add(v);
        }
        Collections.shuffle(order, new Random(seed));
        double[] nominal = new double[hostCount];
        Map<String, String> placement = new HashMap<>();
        for (int v : order) {
            int best = 0;
            for (int h = 1; h < hostCount; h++) {
                if (nominal[h] < nominal[best]) {
                    best = h;
                }
            }
            nominal[best] += vms.get(v).cpuMips();
            placement.put(vms.get(v).id(), hosts.get(best).id());
        }
        return new Scenario(NAME, label, hosts, vms, demand, PlanetLabTrace.STEP_SECONDS, steps, IdlePower.ALWAYS_ON, placement,
                HIGH_UTILIZATION, WARMUP_STEPS);
    }
}
