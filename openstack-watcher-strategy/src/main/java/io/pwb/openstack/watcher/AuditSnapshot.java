package io.pwb.openstack.watcher;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.forecast.ForecastAccuracy;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.OvercommitRatios;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Translates one Watcher audit into the engine's terms: a {@link ClusterSnapshot} of the available nodes and
 * their instances, and the {@link PlanningSettings} of the audit's parameters. Units: CPU in MHz at
 * {@link WatcherShadowBook#MHZ_PER_VCPU} per vCPU, so the engine's CPU utilisation is load / physical vCPUs as
 * Watcher measures it; memory in bytes of the flavors, on (total - reserved) x allocation ratio.
 *
 * <p>What the engine cannot see as an instance, the load a host metric shows beyond its instances (hypervisor,
 * services, instances outside the audit's scope), is one unmovable VM per host, {@code host-load:<node>}, with
 * that CPU and no memory. Instances without CPU data count at their full vCPUs where no host metric covers them
 * (fail safe), else at nothing (the host metric already holds them); either way they are untrusted and stay.
 */
final class AuditSnapshot {

    static final String HOST_LOAD_PREFIX = "host-load:";
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private AuditSnapshot() {
    }

    /**
     * The audit's planning settings: the threshold applies to CPU only (Watcher's workload_balancing balances
     * CPU), memory merely has to fit; no hysteresis beyond some excess removed; Watcher's max_migrations is the
     * only cap; the horizon as one step, since the edge predicts each instance's peak over it.
     *
     * @param moveCap moves the engine may plan (max_migrations less the move-backs already returned)
     */
    static PlanningSettings settings(AuditParameters parameters, int moveCap) {
        io.pwb.engine.model.PlanningMode mode = switch (parameters.planningMode()) {
            case ADVISORY -> io.pwb.engine.model.PlanningMode.ADVISORY;
            case BALANCE -> io.pwb.engine.model.PlanningMode.BALANCE;
            case COST -> io.pwb.engine.model.PlanningMode.COST;
        };
        // One step as long as the horizon: the edge's prediction is already the peak over the horizon.
        return PlanningSettings.DEFAULT
                .withStepSeconds(parameters.horizonMinutes() * 60)
                .withHorizonSteps(1)
                .withThreshold(parameters.thresholdPercent() / 100.0)
                .withResourceThreshold(Resource.MEMORY_BYTES, 1.0)
                .withMinGain(0)
                .withMode(mode)
                .withCaps(moveCap, moveCap)
                .withMovesPerCycleShareOfHosts(0);
    }

    static ClusterSnapshot build(String clusterId, Instant now, WatcherPlanRequest request, ClusterLoad load,
                                 DependencyGraph dependencies, PlanningSettings settings) {
        int steps = settings.horizonSteps();
        int stepSeconds = settings.stepSeconds();
        List<Host> hosts = new ArrayList<>();
        List<Vm> vms = new ArrayList<>();
        for (int h = 0; h < load.size(); h++) {
            WatcherNode node = load.host(h);
            Resources capacity = Resources.of(node.vcpus() * WatcherShadowBook.MHZ_PER_VCPU,
                    Math.max(0, node.memoryMb() - node.memoryMbReserved()) * BYTES_PER_MB);
            hosts.add(new Host(node.uuid(), node.hostname(), clusterId, capacity,
                    OvercommitRatios.of(1.0, node.memoryRatio()), HostState.UP, null, null, Set.of()));
            double outside = load.loadOutsideInstancesVcpus(h);
            if (outside > 0) {
                double mhz = outside * WatcherShadowBook.MHZ_PER_VCPU;
                vms.add(new Vm(HOST_LOAD_PREFIX + node.uuid(), "load outside instances on " + node.hostname(),
                        node.uuid(), new VmSize(1, mhz, 1), null, false,
                        Map.of(Metric.CPU_MHZ, Forecast.flat(mhz, steps, stepSeconds),
                                Metric.MEMORY_BYTES, Forecast.flat(0, steps, stepSeconds)), null));
            }
        }
        for (WatcherInstance instance : request.instances()) {
            int h = load.indexOf(instance.nodeUuid());
            if (h < 0) {
                continue; // on a node that is down, disabled or without vCPUs: neither source nor destination
            }
            int vcpus = Math.max(1, instance.vcpus());
            VmSize size = new VmSize(vcpus, vcpus * WatcherShadowBook.MHZ_PER_VCPU,
                    (long) Math.max(1, instance.memoryMb() * BYTES_PER_MB));
            vms.add(new Vm(instance.uuid(), instance.name(), instance.nodeUuid(), size, null,
                    instance.pinnedReason().isEmpty(), cpuForecast(load, instance, h, steps, stepSeconds), null));
        }
        return new ClusterSnapshot(clusterId, now, hosts, vms, dependencies, List.of(), null, settings);
    }

    private static Map<Metric, Forecast> cpuForecast(ClusterLoad load, WatcherInstance instance, int h, int steps,
                                                     int stepSeconds) {
        OptionalDouble vcpus = load.instanceLoadVcpus(instance.uuid());
        if (vcpus.isPresent()) {
            // The edge's prediction (PWB's trained forecast or Watcher's current value) over the whole horizon.
            return Map.of(Metric.CPU_MHZ, Forecast.flat(vcpus.getAsDouble() * WatcherShadowBook.MHZ_PER_VCPU,
                    steps, stepSeconds));
        }
        if (load.hostMetric(h)) {
            // In the host metric already: nothing on top, but never moved (its demand is unknown).
            double[] zero = new double[steps];
            return Map.of(Metric.CPU_MHZ, new Forecast("no CPU data", stepSeconds, zero, zero, 0.0, true,
                    ForecastAccuracy.UNKNOWN));
        }
        return Map.of(); // full vCPUs, untrusted
    }
}
