package io.pwb.openstack.watcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Predicted CPU load of the audit's available hosts (up and enabled) and of their instances, in
 * vCPU-equivalents, and the host CPU spread Watcher's workload_stabilization measures. This is the Watcher
 * edge's forecast and measurement; it does not plan (the engine's planner does, on the snapshot
 * {@link AuditSnapshot} builds from this load). Utilisation is load / physical vCPUs, as Watcher's workload
 * strategies measure it.
 */
final class ClusterLoad {

    private final List<WatcherNode> hosts = new ArrayList<>();
    private final Map<String, Integer> indexByUuid = new HashMap<>();
    /** Instance uuid -> predicted CPU load in vCPUs; absent when Watcher and PWB have no CPU data for it. */
    private final Map<String, Double> instanceLoadVcpus = new HashMap<>();
    private final double[] loadVcpus;
    private final double[] instanceSumVcpus;
    private final boolean[] hostMetric;
    private final boolean[] cpuKnown;
    private final List<String> notes = new ArrayList<>();

    /**
     * @param trusted engine forecasts that replace the Watcher-window forecast of an instance; the host's
     *                predicted load then moves by the same amount (the host metric is current, not predicted)
     */
    ClusterLoad(WatcherPlanRequest request, LoadForecaster forecaster, InstanceHistory history,
                TrustedForecasts trusted) {
        for (WatcherNode node : request.nodes()) {
            if (!node.acceptsInstances()) {
                continue;
            }
            if (node.vcpus() <= 0) {
                notes.add("node " + node.hostname() + " skipped: it reports no vCPUs");
                continue;
            }
            indexByUuid.put(node.uuid(), hosts.size());
            hosts.add(node);
        }
        int n = hosts.size();
        loadVcpus = new double[n];
        instanceSumVcpus = new double[n];
        hostMetric = new boolean[n];
        cpuKnown = new boolean[n];
        double[] predictedGrowth = new double[n];
        boolean[] instanceMissing = new boolean[n];

        WatcherMetrics metrics = request.metrics();
        int interval = metrics.intervalSeconds();
        int horizon = request.parameters().horizonMinutes();
        for (WatcherInstance instance : request.instances()) {
            Integer h = instance.nodeUuid() == null ? null : indexByUuid.get(instance.nodeUuid());
            if (h == null) {
                continue;
            }
            List<Double> series = merged(history.cpuPercent(instance.uuid(), interval),
                    metrics.instanceCpuPercent().get(instance.uuid()));
            double cpuPercent = forecaster.predictedPeak(series, interval, horizon);
            OptionalDouble engineForecast = trusted.cpuPercentPeak(instance.uuid(), horizon);
            if (engineForecast.isPresent()) {
                double current = Double.isFinite(cpuPercent) ? cpuPercent : engineForecast.getAsDouble();
                predictedGrowth[h] += (engineForecast.getAsDouble() - current) * instance.vcpus() / 100.0;
                cpuPercent = engineForecast.getAsDouble();
            }
            if (!Double.isFinite(cpuPercent)) {
                instanceMissing[h] = true;
                continue;
            }
            double load = Math.max(0, cpuPercent) * instance.vcpus() / 100.0;
            instanceSumVcpus[h] += load;
            instanceLoadVcpus.put(instance.uuid(), load);
        }
        for (int h = 0; h < n; h++) {
            WatcherNode node = hosts.get(h);
            List<Double> hostSeries = metrics.hostCpuPercent().getOrDefault(node.uuid(), List.of());
            double hostPercent = forecaster.predictedPeak(hostSeries, interval, horizon);
            if (Double.isFinite(hostPercent)) {
                // The host metric includes what runs outside instances; never below the instances' own sum.
                loadVcpus[h] = Math.max(hostPercent * node.vcpus() / 100.0 + predictedGrowth[h], instanceSumVcpus[h]);
                hostMetric[h] = true;
                cpuKnown[h] = true;
            } else {
                loadVcpus[h] = instanceSumVcpus[h];
                cpuKnown[h] = !instanceMissing[h];
                if (instanceMissing[h]) {
                    notes.add("node " + node.hostname() + " counts instances without CPU data at their full vCPUs,"
                            + " so it is hardly ever a destination");
                }
            }
        }
    }

    private static List<Double> merged(List<Double> history, List<Double> window) {
        if (history.isEmpty()) {
            return window == null ? List.of() : window;
        }
        List<Double> all = new ArrayList<>(history);
        if (window != null) {
            all.addAll(window);
        }
        return all;
    }

    int size() {
        return hosts.size();
    }

    WatcherNode host(int h) {
        return hosts.get(h);
    }

    /** Index of an available host, or -1. */
    int indexOf(String nodeUuid) {
        Integer h = nodeUuid == null ? null : indexByUuid.get(nodeUuid);
        return h == null ? -1 : h;
    }

    /** Predicted CPU load of an instance on an available host, in vCPUs; empty without CPU data. */
    /** Instances on known nodes whose CPU use is known (measured or forecast). */
    int instancesWithCpuData() {
        return instanceLoadVcpus.size();
    }

    OptionalDouble instanceLoadVcpus(String instanceUuid) {
        Double v = instanceLoadVcpus.get(instanceUuid);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** True when the host's own CPU metric is known (then load beyond its instances is the host's own). */
    boolean hostMetric(int h) {
        return hostMetric[h];
    }

    /** Load the host metric shows beyond its instances' own (hypervisor, services, unmapped instances). */
    double loadOutsideInstancesVcpus(int h) {
        return hostMetric[h] ? Math.max(0, loadVcpus[h] - instanceSumVcpus[h]) : 0;
    }

    /** True when the host's whole CPU load is known (observations for shadow verification). */
    boolean cpuKnown(int h) {
        return cpuKnown[h];
    }

    double loadVcpus(int h) {
        return loadVcpus[h];
    }

    /** A copy of every host's predicted load, in vCPUs, by host index. */
    double[] loadsVcpus() {
        return loadVcpus.clone();
    }

    /** Utilisation in percent of the host's physical vCPUs. */
    double utilisationPercent(int h) {
        return loadVcpus[h] / hosts.get(h).vcpus() * 100.0;
    }

    double fraction(int h) {
        return loadVcpus[h] / hosts.get(h).vcpus();
    }

    /** Population standard deviation of host CPU load as a fraction of vCPUs (Watcher's workload_stabilization). */
    double cpuStdDev() {
        return stdDev(loadVcpus);
    }

    /** The same after moving each listed instance's predicted load from its source to its destination. */
    double cpuStdDevAfter(List<WatcherMove> moves, Map<String, String> nodeUuidByHostname) {
        double[] load = loadVcpus.clone();
        for (WatcherMove m : moves) {
            int s = indexOf(nodeUuidByHostname.get(m.sourceHostname()));
            int d = indexOf(nodeUuidByHostname.get(m.destinationHostname()));
            double l = instanceLoadVcpus.getOrDefault(m.instanceUuid(), 0.0);
            if (s >= 0 && d >= 0) {
                load[s] -= l;
                load[d] += l;
            }
        }
        return stdDev(load);
    }

    private double stdDev(double[] load) {
        int n = hosts.size();
        if (n == 0) {
            return 0;
        }
        double sum = 0;
        double sumSquares = 0;
        for (int h = 0; h < n; h++) {
            double x = load[h] / hosts.get(h).vcpus();
            sum += x;
            sumSquares += x * x;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sumSquares / n - mean * mean));
    }

    List<String> notes() {
        return notes;
    }
}
