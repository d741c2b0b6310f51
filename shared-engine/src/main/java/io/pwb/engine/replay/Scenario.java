package io.pwb.engine.replay;

import io.pwb.engine.sim.DemandSource;
import io.pwb.engine.sim.HostSpec;
import io.pwb.engine.sim.IdlePower;
import io.pwb.engine.sim.VmSpec;

import java.util.List;
import java.util.Map;

/**
 * A replay set-up: the platform to simulate, where the VMs start and how the outcome is judged.
 *
 * @param name                      scenario name ({@code ccpe2012}, {@code balance})
 * @param label                     what the data is (e.g. the trace date)
 * @param hosts                     hosts in a stable order
 * @param vms                       VMs in a stable order, one per demand series
 * @param demand                    the VMs' demand
 * @param stepSeconds               step length
 * @param steps                     steps to simulate
 * @param idlePower                 when a host draws 0 W (ccpe2012: when empty; balance: never)
 * @param initialPlacement          VM id to host id
 * @param highUtilizationThreshold  host utilisation counted as "high" (oVirt's HighUtilization, 0..1)
 * @param warmupSteps               first steps in which policies only observe (learn) and nothing is measured
 */
public record Scenario(String name, String label, List<HostSpec> hosts, List<VmSpec> vms, DemandSource demand,
                       int stepSeconds, int steps, IdlePower idlePower, Map<String, String> initialPlacement,
                       double highUtilizationThreshold, int warmupSteps) {
    public Scenario {
        hosts = List.copyOf(hosts);
        vms = List.copyOf(vms);
        initialPlacement = Map.copyOf(initialPlacement);
        if (steps <= 0 || steps > demand.steps()) {
            throw new IllegalArgumentException("scenario " + name + ": " + steps + " steps but the demand has " + demand.steps());
        }
        if (warmupSteps < 0 || warmupSteps >= steps) {
            throw new IllegalArgumentException("scenario " + name + ": warm-up of " + warmupSteps + " steps leaves nothing of "
                    + steps + " steps to measure");
        }
    }

    public Scenario withWarmupSteps(int newWarmupSteps) {
        return new Scenario(name, label, hosts, vms, demand, stepSeconds, steps, idlePower, initialPlacement,
                highUtilizationThreshold, newWarmupSteps);
    }
}
