package io.pwb.engine.planning;

import static io.pwb.engine.Clusters.GIB;
import static io.pwb.engine.Clusters.T0;
import static io.pwb.engine.Clusters.cpu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.capacity.CapacityProjector;
import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.model.AffinityRule;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.MaintenanceWindow;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Safety properties of the planner on 300 seeded random clusters (sizes, loads, growth, pinned VMs, training
 * forecasts, hosts down, maintenance windows, anti-affinity): whatever it decides, no target crosses its threshold,
 * nothing goes to a host that is not up or enters maintenance, caps hold, and untrusted or pinned VMs stay put.
 */
class PlannerInvariantsTest {

    private static int rescues;

    @Test
    void safetyPropertiesHoldOnRandomClusters() {
        int withDecisions = 0;
        for (int seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            PlanningMode mode = PlanningMode.values()[seed % 3];
            ClusterSnapshot s = randomCluster(rnd, mode);
            PlanResult plan = new Planner().plan(s, List.of(), CoolDowns.NONE);
            check(s, plan, "seed " + seed);
            if (!plan.decisions().isEmpty()) {
                withDecisions++;
            }
        }
        assertTrue(withDecisions > 100, "the property is exercised: " + withDecisions + " clusters with moves");
        assertTrue(rescues > 0, "rescues are exercised");
    }

    private static void check(ClusterSnapshot s, PlanResult plan, String label) {
        PlanningSettings settings = s.settings();
        assertTrue(plan.decisions().size() <= settings.maxMovesPerCycle(s.hosts().size()), label);
        Map<String, Integer> perHost = new HashMap<>();
        Set<String> moved = new HashSet<>();
        List<Reservation> reservations = new ArrayList<>();
        for (Decision d : plan.decisions()) {
            String vmId = d.migration().vmId();
            assertTrue(moved.add(vmId), label + ": " + vmId + " moved twice");
            Vm vm = s.vm(vmId).orElseThrow();
            assertTrue(vm.migratable(), label + ": pinned " + vmId + " moved");
            if (!CapacityProjector.project(s, List.of()).demand(vmId).trusted()) {
                // Only cost mode's optional consolidation moves a VM whose forecasts are not trusted, and then it
                // reserves the VM's configured size (checked against the target below through the reservation).
                assertEquals(DecisionKind.CONSOLIDATE, d.kind(), label + ": untrusted moved");
                assertTrue(d.reserve().cpuMhz() >= vm.size().cpuMhz() - 1e-9, label + ": untrusted below its size");
            }
            Host target = s.host(d.migration().targetHostId()).orElseThrow();
            assertEquals(HostState.UP, target.state(), label);
            assertTrue(s.windowsOf(target.id()).stream().noneMatch(w -> w.overlaps(s.time(),
                    s.time().plusSeconds(settings.evacuationLeadSeconds()))), label + ": target enters maintenance");
            perHost.merge(d.migration().sourceHostId(), 1, Integer::sum);
            perHost.merge(d.migration().targetHostId(), 1, Integer::sum);
            assertEquals(settings.mode() == PlanningMode.ADVISORY, d.advisory(), label);
            reservations.add(new Reservation(vmId, d.migration().sourceHostId(), d.migration().targetHostId(),
                    d.reserve()));
        }
        perHost.forEach((h, n) -> assertTrue(n <= settings.maxMovesPerHostPerCycle(), label + ": cap on " + h));

        // Conservatively (sources still carry their VMs, targets carry the reservations) no target crosses its
        // threshold, except a rescue from a host predicted over its capacity: that target stays under its capacity
        // less the minimum gain, and the move removes at least the minimum gain of the source's excess over its
        // capacity.
        ClusterProjection p = CapacityProjector.project(s, reservations);
        Set<String> rescueTargets = new HashSet<>();
        for (Decision d : plan.decisions()) {
            if (isRescue(d, settings)) {
                rescueTargets.add(d.migration().targetHostId());
            }
        }
        for (Decision d : plan.decisions()) {
            int t = p.indexOf(d.migration().targetHostId());
            boolean rescue = isRescue(d, settings);
            double limit = rescueTargets.contains(d.migration().targetHostId())
                    ? 1.0 - settings.minGainUtilisation() : settings.thresholdUtilisation();
            assertTrue(p.peakUtilisation(t) <= limit + 1e-9,
                    label + ": target " + d.migration().targetHostId() + " at " + p.peakUtilisation(t));
            if (rescue) {
                rescues++;
                Explanation e = d.explanation();
                assertTrue(Math.max(1.0, Math.max(e.sourcePeakAfter(), e.targetPeakAfter()))
                        <= e.sourcePeakBefore() - settings.minGainUtilisation() + 1e-9, label + ": rescue " + e);
            }
        }
        // Anti-affinity holds after the moves.
        Map<String, String> where = new HashMap<>();
        s.vms().forEach(v -> where.put(v.id(), v.hostId()));
        plan.decisions().forEach(d -> where.put(d.migration().vmId(), d.migration().targetHostId()));
        for (AffinityRule r : s.dependencies().rules()) {
            List<String> hosts = r.vmIds().stream().map(where::get).toList();
            assertEquals(hosts.size(), new HashSet<>(hosts).size(), label + ": anti-affinity " + r.name());
        }
    }

    private static boolean isRescue(Decision d, PlanningSettings settings) {
        return d.kind() == DecisionKind.RELIEVE_OVERLOAD && d.explanation() != null
                && d.explanation().sourcePeakBefore() > 1.0
                && d.explanation().summary().contains("rescue");
    }

    private static ClusterSnapshot randomCluster(Random rnd, PlanningMode mode) {
        int hostCount = 3 + rnd.nextInt(8);
        List<Host> hosts = new ArrayList<>();
        for (int h = 0; h < hostCount; h++) {
            Host host = Host.up("h" + h, "c1", 10_000 + rnd.nextInt(3) * 5_000, (32 + rnd.nextInt(3) * 32) * GIB);
            if (rnd.nextInt(10) == 0) {
                host = host.withState(HostState.DOWN);
            }
            hosts.add(host);
        }
        List<Vm> vms = new ArrayList<>();
        int vmCount = hostCount * (2 + rnd.nextInt(5));
        for (int v = 0; v < vmCount; v++) {
            Host host = hosts.get(rnd.nextInt(hostCount));
            double base = 300 + rnd.nextDouble() * 2500;
            double growth = rnd.nextInt(4) == 0 ? rnd.nextDouble() * 4000 : 0;
            double[] point = new double[12];
            for (int s = 0; s < 12; s++) {
                point[s] = base + growth * s / 11.0;
            }
            var f = cpu(base * 0.2, point);
            if (rnd.nextInt(15) == 0) {
                f = new io.pwb.engine.forecast.Forecast("ses", 300, point, point, 0.95, true, f.accuracy());
            }
            Vm vm = Vm.of("vm" + v, host.id(), new VmSize(4, 10_000, (2 + rnd.nextInt(7)) * GIB),
                    Map.of(Metric.CPU_MHZ, f));
            vms.add(rnd.nextInt(12) == 0 ? vm.withMigratable(false) : vm);
        }
        List<AffinityRule> rules = new ArrayList<>();
        if (vmCount >= 4 && rnd.nextBoolean()) {
            Set<String> members = new HashSet<>();
            members.add("vm" + rnd.nextInt(vmCount));
            members.add("vm" + rnd.nextInt(vmCount));
            if (members.size() == 2) {
                String[] m = members.toArray(new String[0]);
                if (!vms.get(Integer.parseInt(m[0].substring(2))).hostId()
                        .equals(vms.get(Integer.parseInt(m[1].substring(2))).hostId())) {
                    rules.add(AffinityRule.antiAffinity("apart", members));
                }
            }
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        if (rnd.nextInt(4) == 0) {
            windows.add(new MaintenanceWindow("h" + rnd.nextInt(hostCount), T0.plusSeconds(rnd.nextInt(4) * 3600L),
                    T0.plusSeconds(5 * 3600L)));
        }
        PlanningSettings settings = PlanningSettings.DEFAULT.withMode(mode).withCaps(1 + rnd.nextInt(6),
                1 + rnd.nextInt(3));
        return new ClusterSnapshot("c1", T0, hosts, vms, new DependencyGraph(List.of(), rules), windows, null,
                settings);
    }

    @Test
    void sanityTheCheckCatchesAnOverloadedTarget() {
        Random rnd = new Random(3);
        ClusterSnapshot s = randomCluster(rnd, PlanningMode.BALANCE);
        Vm any = s.vms().stream().filter(Vm::migratable).findFirst().orElseThrow();
        Host other = s.hosts().stream().filter(h -> !h.id().equals(any.hostId())).findFirst().orElseThrow();
        // A forged decision that reserves far more than the target holds must trip the check.
        Decision forged = new Decision("x", "c1", T0, DecisionKind.RELIEVE_OVERLOAD, Priority.NORMAL,
                new io.pwb.engine.model.Migration(any.id(), any.hostId(), other.id()),
                io.pwb.engine.model.Resources.of(1e9, 1), null, false, null);
        PlanResult plan = new PlanResult("c1", T0, PlanningMode.BALANCE, List.of(forged), List.of());
        boolean caught = false;
        try {
            check(s.withHosts(s.hosts().stream().map(h -> h.withState(HostState.UP)).toList())
                    .withMaintenanceWindows(List.of()), plan, "forged");
        } catch (AssertionError expected) {
            caught = true;
        }
        assertTrue(caught, "an overloaded target must fail the check");
    }
}
