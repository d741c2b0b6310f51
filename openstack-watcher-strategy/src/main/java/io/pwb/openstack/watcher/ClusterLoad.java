package io.pwb.openstack.watcher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicted CPU load of the audit's available hosts (up and enabled), in vCPU-equivalents, with the flavor
 * resources already placed on them. Mutable while a plan is built: {@link #move} applies a planned move.
 * Utilisation is load / physical vCPUs, as Watcher's workload strategies measure it.
 */
final class ClusterLoad {

    /** One instance that PWB may consider moving, with its predicted CPU load. */
    record Candidate(WatcherInstance instance, double cpuLoadVcpus, double ramMb) {
    }

    private final List<WatcherNode> hosts = new ArrayList<>();
    private final Map<String, Integer> indexByUuid = new HashMap<>();
    private final List<List<Candidate>> residents = new ArrayList<>();
    /** Every instance on each host, with or without metrics (for affinity rules). */
    private final List<java.util.Set<String>> members = new ArrayList<>();
    private double[] loadVcpus;
    private double[] usedVcpus;
    private double[] usedMemoryMb;
    private double[] usedDiskGb;
    private boolean[] cpuKnown;
    private final List<String> notes = new ArrayList<>();

    ClusterLoad(WatcherPlanRequest request, LoadForecaster forecaster, InstanceHistory history,
                List<io.pwb.engine.model.Reservation> reservations) {
        this(request, forecaster, history, TrustedForecasts.none(), reservations);
    }

    /**
     * @param trusted engine forecasts that replace the Watcher-window forecast of an instance; the host's
     *                predicted load then moves by the same amount (the host metric is current, not predicted)
     */
    ClusterLoad(WatcherPlanRequest request, LoadForecaster forecaster, InstanceHistory history,
                TrustedForecasts trusted, List<io.pwb.engine.model.Reservation> reservations) {
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
            residents.add(new ArrayList<>());
            members.add(new java.util.HashSet<>());
        }
        int n = hosts.size();
        loadVcpus = new double[n];
        usedVcpus = new double[n];
        usedMemoryMb = new double[n];
        usedDiskGb = new double[n];
        cpuKnown = new boolean[n];
        double[] instanceSum = new double[n];
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
            usedVcpus[h] += instance.vcpus();
            usedMemoryMb[h] += instance.memoryMb();
            usedDiskGb[h] += instance.diskGb();
            members.get(h).add(instance.uuid());
            List<Double> series = merged(history.cpuPercent(instance.uuid(), interval),
                    metrics.instanceCpuPercent().get(instance.uuid()));
            double cpuPercent = forecaster.predictedPeak(series, interval, horizon);
            java.util.OptionalDouble engineForecast = trusted.cpuPercentPeak(instance.uuid(), horizon);
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
            instanceSum[h] += load;
            double ramMb = latest(metrics.instanceRamMb().get(instance.uuid()), instance.memoryMb());
            residents.get(h).add(new Candidate(instance, load, ramMb));
        }
        for (int h = 0; h < n; h++) {
            WatcherNode node = hosts.get(h);
            List<Double> hostSeries = metrics.hostCpuPercent().getOrDefault(node.uuid(), List.of());
            double hostPercent = forecaster.predictedPeak(hostSeries, interval, horizon);
            if (Double.isFinite(hostPercent)) {
                // The host metric includes what runs outside instances; never below the instances' own sum.
                loadVcpus[h] = Math.max(hostPercent * node.vcpus() / 100.0 + predictedGrowth[h], instanceSum[h]);
                cpuKnown[h] = true;
            } else {
                loadVcpus[h] = instanceSum[h];
                cpuKnown[h] = !instanceMissing[h];
                if (instanceMissing[h]) {
                    notes.add("node " + node.hostname() + " is not a destination: instances on it lack CPU data");
                }
            }
        }
        Map<String, WatcherInstance> present = new HashMap<>();
        for (WatcherInstance instance : request.instances()) {
            present.put(instance.uuid(), instance);
        }
        for (io.pwb.engine.model.Reservation r : reservations) {
            Integer d = indexByUuid.get(r.targetHostId());
            WatcherInstance instance = present.get(r.vmId());
            // Held until the instance shows up on its destination (scopes differ: only for models that hold it).
            if (d != null && instance != null && !r.targetHostId().equals(instance.nodeUuid())) {
                loadVcpus[d] += WatcherShadowBook.cpuLoadVcpus(r);
                usedVcpus[d] += instance.vcpus();
                usedMemoryMb[d] += instance.memoryMb();
                usedDiskGb[d] += instance.diskGb();
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

    private static double latest(List<Double> series, double fallback) {
        if (series != null) {
            for (int i = series.size() - 1; i >= 0; i--) {
                Double v = series.get(i);
                if (v != null && Double.isFinite(v)) {
                    return v;
                }
            }
        }
        return fallback;
    }

    int size() {
        return hosts.size();
    }

    WatcherNode host(int h) {
        return hosts.get(h);
    }

    List<Candidate> residents(int h) {
        return Collections.unmodifiableList(residents.get(h));
    }

    boolean cpuKnown(int h) {
        return cpuKnown[h];
    }

    double loadVcpus(int h) {
        return loadVcpus[h];
    }

    /** Utilisation in percent of the host's physical vCPUs. */
    double utilisationPercent(int h) {
        return loadVcpus[h] / hosts.get(h).vcpus() * 100.0;
    }

    /** Whether the instance's flavor fits in what the destination's capacity leaves free. */
    boolean fits(int h, WatcherInstance instance) {
        WatcherNode node = hosts.get(h);
        return node.vcpuCapacity() - usedVcpus[h] >= instance.vcpus()
                && node.memoryMbCapacity() - usedMemoryMb[h] >= instance.memoryMb()
                && node.diskGbCapacity() - usedDiskGb[h] >= instance.diskGb();
    }

    /** Every instance on the host now. */
    java.util.Set<String> members(int h) {
        return java.util.Collections.unmodifiableSet(members.get(h));
    }

    /** Population standard deviation of host CPU load as a fraction of vCPUs (Watcher's workload_stabilization). */
    double cpuStdDev() {
        return stdDevWith(-1, -1, 0);
    }

    /** The standard deviation if {@code loadVcpus} moved from host {@code src} to host {@code dst}. */
    double stdDevWith(int src, int dst, double load) {
        int n = hosts.size();
        if (n == 0) {
            return 0;
        }
        double sum = 0;
        double sumSquares = 0;
        for (int h = 0; h < n; h++) {
            double x = fractionWith(h, src, dst, load);
            sum += x;
            sumSquares += x * x;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sumSquares / n - mean * mean));
    }

    /** Sum and sum of squares of the fractions, so the planner can evaluate many moves in O(1) each. */
    double[] fractionMoments() {
        double sum = 0;
        double sumSquares = 0;
        for (int h = 0; h < hosts.size(); h++) {
            double x = fraction(h);
            sum += x;
            sumSquares += x * x;
        }
        return new double[] {sum, sumSquares};
    }

    double fraction(int h) {
        return loadVcpus[h] / hosts.get(h).vcpus();
    }

    private double fractionWith(int h, int src, int dst, double load) {
        double l = loadVcpus[h];
        if (h == src) {
            l -= load;
        }
        if (h == dst) {
            l += load;
        }
        return l / hosts.get(h).vcpus();
    }

    void move(Candidate candidate, int src, int dst) {
        WatcherInstance instance = candidate.instance();
        loadVcpus[src] -= candidate.cpuLoadVcpus();
        loadVcpus[dst] += candidate.cpuLoadVcpus();
        usedVcpus[src] -= instance.vcpus();
        usedVcpus[dst] += instance.vcpus();
        usedMemoryMb[src] -= instance.memoryMb();
        usedMemoryMb[dst] += instance.memoryMb();
        usedDiskGb[src] -= instance.diskGb();
        usedDiskGb[dst] += instance.diskGb();
        residents.get(src).remove(candidate);
        residents.get(dst).add(candidate);
        members.get(src).remove(instance.uuid());
        members.get(dst).add(instance.uuid());
    }

    List<String> notes() {
        return notes;
    }
}
