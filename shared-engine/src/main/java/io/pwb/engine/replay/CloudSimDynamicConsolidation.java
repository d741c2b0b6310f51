package io.pwb.engine.replay;

import io.pwb.engine.sim.ClusterObservation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dynamic VM consolidation loop of CloudSim's power package (Beloglazov &amp; Buyya, CCPE 2012), reproduced from
 * its description: every step, (1) hosts judged overloaded by the subclass shed VMs chosen by minimum migration time
 * (least memory first) until they are no longer overloaded; (2) those VMs go, in decreasing demand, to the host
 * chosen by power-aware best fit (never an overloaded host, never one that the VM would overload); (3) then, from
 * the least utilised host upwards, a host whose VMs can all be placed elsewhere (not on switched-off hosts) is
 * emptied so it can be switched off; hosts that received VMs from an emptied host are not emptied, hosts that
 * received relieved VMs may be (as in CloudSim 3.0.3's {@code PowerVmAllocationPolicyMigrationAbstract}). A VM planned
 * twice in one round is requested once, to its final host, where CloudSim sends and counts two migrations
 * (docs/replay.md quantifies the difference).
 */
public abstract class CloudSimDynamicConsolidation implements ReplayPolicy {
    /** Samples of per-VM utilisation kept for overload detectors that look back. */
    protected static final int HISTORY_LENGTH = 30;

    private double[][] history; // [vm][0 = most recent]
    private int samples;

    /** True when host {@code h} counts as overloaded in the plan as it stands. */
    protected abstract boolean overloaded(PlanState plan, int h);

    /** True when host {@code h} would count as overloaded with VM {@code v} added. */
    protected abstract boolean overloadedWith(PlanState plan, int h, int v);

    /** Utilisation history of VM {@code v} (0..1 of its size), index 0 the most recent; {@link #samples()} are valid. */
    protected double[] history(int v) {
        return history[v];
    }

    protected int samples() {
        return Math.min(samples, HISTORY_LENGTH);
    }

    @Override
    public List<Migration> decide(ClusterObservation observation) {
        recordHistory(observation);
        PlanState plan = PlanState.of(observation);
        int nh = plan.hostCount();
        int[] currentHost = new int[plan.vmCount()];
        for (int v = 0; v < currentHost.length; v++) {
            currentHost[v] = plan.hostOf(v);
        }
        boolean[] overloadedHost = new boolean[nh];
        boolean[] switchedOff = new boolean[nh];
        List<Integer> overloadedHosts = new ArrayList<>();
        for (int h = 0; h < nh; h++) {
            if (plan.demandMips(h) <= 0) {
                switchedOff[h] = true; // CloudSim: a host at 0 % CPU counts as switched off, VMs or not
            } else if (overloaded(plan, h)) {
                overloadedHost[h] = true;
                overloadedHosts.add(h);
            }
        }
        Map<Integer, Integer> moves = new LinkedHashMap<>(); // vm -> planned host, in planning order
        boolean[] excludedAsSource = new boolean[nh];
        boolean[] excludedAsTarget = new boolean[nh];
        for (int h = 0; h < nh; h++) {
            excludedAsSource[h] = overloadedHost[h] || switchedOff[h];
            excludedAsTarget[h] = overloadedHost[h];
        }

        // (1) + (2): relieve overloaded hosts.
        Map<Integer, Integer> origin = new HashMap<>();
        List<Integer> toMove = new ArrayList<>();
        for (int h : overloadedHosts) {
            while (true) {
                int v = minimumMigrationTimeVm(plan, h);
                if (v < 0) {
                    break;
                }
                origin.put(v, h);
                toMove.add(v);
                plan.assign(v, -1);
                if (!overloaded(plan, h)) {
                    break;
                }
            }
        }
        for (int v : PowerAwareBestFitDecreasing.decreasing(plan, toMove)) {
            int target = PowerAwareBestFitDecreasing.bestHostAgainstObservedPower(plan, v, x -> excludedAsTarget[x],
                    (host, vm) -> overloadedWith(plan, host, vm));
            if (target < 0) {
                plan.assign(v, origin.get(v)); // nowhere to go: it stays
                continue;
            }
            plan.assign(v, target);
            moves.put(v, target);
        }

        // (3): empty under-utilised hosts, least utilised first; switched-off hosts are not woken for this.
        for (int h = 0; h < nh; h++) {
            excludedAsTarget[h] = overloadedHost[h] || switchedOff[h];
        }
        while (true) {
            int source = -1;
            for (int h = 0; h < nh; h++) {
                double u = plan.observedUtilisation(h);
                if (!excludedAsSource[h] && u > 0 && u < 1 && (source < 0 || u < plan.observedUtilisation(source))) {
                    source = h;
                }
            }
            if (source < 0) {
                break;
            }
            excludedAsSource[source] = true;
            excludedAsTarget[source] = true;
            List<Integer> vms = new ArrayList<>(plan.vmsOn(source));
            if (vms.stream().anyMatch(plan::migrating)) {
                continue;
            }
            List<Integer> placed = new ArrayList<>();
            for (int v : PowerAwareBestFitDecreasing.decreasing(plan, vms)) {
                int target = PowerAwareBestFitDecreasing.bestHostAgainstObservedPower(plan, v, x -> excludedAsTarget[x],
                        (host, vm) -> overloadedWith(plan, host, vm));
                if (target < 0) {
                    break;
                }
                plan.assign(v, target);
                placed.add(v);
            }
            if (placed.size() < vms.size()) {
                for (int v : placed) {
                    plan.assign(v, source); // all or nothing
                }
                continue;
            }
            for (int v : placed) {
                excludedAsSource[plan.hostOf(v)] = true;
                moves.put(v, plan.hostOf(v)); // a VM that arrived here for relief moves on (CloudSim moves it twice)
            }
        }
        List<Migration> migrations = new ArrayList<>();
        moves.forEach((v, target) -> {
            if (target != currentHost[v]) {
                migrations.add(new Migration(plan.vmId(v), plan.hostId(target)));
            }
        });
        return migrations;
    }

    @Override
    public void observeOnly(ClusterObservation observation) {
        recordHistory(observation);
    }

    /** The VM with the least memory on host h that is not already moving, or -1. */
    private static int minimumMigrationTimeVm(PlanState plan, int h) {
        int best = -1;
        for (int v : plan.vmsOn(h)) {
            if (!plan.migrating(v) && (best < 0 || plan.vmMemoryMb(v) < plan.vmMemoryMb(best))) {
                best = v;
            }
        }
        return best;
    }

    private void recordHistory(ClusterObservation observation) {
        int n = observation.vms().size();
        if (history == null) {
            history = new double[n][HISTORY_LENGTH];
        }
        for (int v = 0; v < n; v++) {
            double[] h = history[v];
            System.arraycopy(h, 0, h, 1, HISTORY_LENGTH - 1);
            h[0] = observation.vms().get(v).utilisation();
        }
        samples++;
    }
}
