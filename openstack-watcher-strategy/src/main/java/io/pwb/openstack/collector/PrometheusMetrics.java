package io.pwb.openstack.collector;

import io.pwb.openstack.watcher.WatcherInstance;
import io.pwb.openstack.watcher.WatcherNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Watcher's Prometheus metrics, read for the whole cloud with four range queries per cycle (one per metric,
 * grouped by the host or instance label) instead of one query per resource:
 * <ul>
 * <li>host CPU %: {@code 100 - avg by (fqdn) (rate(node_cpu_seconds_total{mode="idle"}[step])) * 100};</li>
 * <li>host RAM in use, KiB: {@code avg by (fqdn) (node_memory_MemTotal_bytes -
 * avg_over_time(node_memory_MemAvailable_bytes[step])) / 1024};</li>
 * <li>instance CPU: {@code sum by (resource) (rate(ceilometer_cpu[step]))}, nanoseconds per second, turned into %
 * of the instance's vCPUs and clamped to 0..100;</li>
 * <li>instance RAM, MB: {@code avg by (resource) (avg_over_time(ceilometer_memory_usage[step]))}.</li>
 * </ul>
 * A node is matched to the series whose fqdn label equals its hostname, or whose FQDN's first label does (Watcher's
 * host name to FQDN mapping). Missing series and skipped values are reported as warnings, never guessed.
 */
final class PrometheusMetrics implements MetricsReader {

    private static final int LISTED = 3;

    private final PrometheusClient prometheus;
    private final PrometheusSettings settings;

    PrometheusMetrics(PrometheusClient prometheus, PrometheusSettings settings) {
        this.prometheus = prometheus;
        this.settings = settings;
    }

    @Override
    public MetricsReading read(List<WatcherNode> nodes, List<WatcherInstance> instances, Instant start, Instant end,
                               int granularitySeconds) {
        MetricsReading reading = MetricsReading.empty();
        // Evaluate on the step grid (like Gnocchi's granularity), so that every cycle yields the same timestamps
        // and the engine recognises the points it has already seen.
        start = Instant.ofEpochSecond(Math.floorDiv(start.getEpochSecond(), granularitySeconds) * granularitySeconds);
        end = Instant.ofEpochSecond(Math.floorDiv(end.getEpochSecond(), granularitySeconds) * granularitySeconds);
        String window = "[" + granularitySeconds + "s]";
        String fqdn = settings.fqdnLabel();
        String uuid = settings.instanceUuidLabel();

        Map<String, WatcherInstance> placed = new HashMap<>();
        instances.stream().filter(i -> i.nodeUuid() != null).forEach(i -> placed.put(i.uuid(), i));
        PrometheusClient.Matrix cpu = query(reading, "sum by (" + uuid + ") (rate(" + settings.instanceCpuMetric()
                + window + "))", start, end, granularitySeconds);
        byInstance(reading, cpu, uuid, placed, reading.instanceCpuPercent(),
                (i, v) -> InstanceCpu.percent(v, i.vcpus()), settings.instanceCpuMetric());
        PrometheusClient.Matrix ram = query(reading, "avg by (" + uuid + ") (avg_over_time("
                + settings.instanceMemoryMetric() + window + "))", start, end, granularitySeconds);
        byInstance(reading, ram, uuid, placed, reading.instanceRamMb(), (i, v) -> v, settings.instanceMemoryMetric());

        PrometheusClient.Matrix hostCpu = query(reading, "100 - avg by (" + fqdn
                + ") (rate(node_cpu_seconds_total{mode=\"idle\"}" + window + ")) * 100", start, end, granularitySeconds);
        byHost(reading, hostCpu, nodes, reading.hostCpuPercent(), v -> Math.max(0, Math.min(100, v)),
                "node_cpu_seconds_total");
        PrometheusClient.Matrix hostRam = query(reading, "avg by (" + fqdn + ") (node_memory_MemTotal_bytes"
                + " - avg_over_time(node_memory_MemAvailable_bytes" + window + ")) / 1024", start, end,
                granularitySeconds);
        byHost(reading, hostRam, nodes, reading.hostRamKib(), v -> v, "node_memory_MemAvailable_bytes");
        return reading;
    }

    private PrometheusClient.Matrix query(MetricsReading reading, String promql, Instant start, Instant end,
                                          int stepSeconds) {
        PrometheusClient.Matrix m = prometheus.queryRange(promql, start, end, stepSeconds);
        reading.warnings().addAll(m.warnings());
        if (m.skipped() > 0) {
            reading.warnings().add("skipped " + m.skipped() + " value(s) that are not finite numbers (NaN, +Inf) "
                    + "from Prometheus for " + promql);
        }
        return m;
    }

    private void byInstance(MetricsReading reading, PrometheusClient.Matrix m, String label,
                            Map<String, WatcherInstance> placed, Map<String, List<OpenStackInventory.TimedValue>> out,
                            BiFunction<WatcherInstance, Double, Double> convert, String metric) {
        for (PrometheusClient.Series s : m.series()) {
            WatcherInstance i = placed.get(s.labels().get(label));
            if (i == null) {
                continue; // another cloud's or a deleted instance: not ours to plan
            }
            List<OpenStackInventory.TimedValue> values = new ArrayList<>();
            for (OpenStackInventory.TimedValue p : s.points()) {
                if (p.value() >= 0) {
                    values.add(new OpenStackInventory.TimedValue(p.epochSeconds(), convert.apply(i, p.value())));
                }
            }
            MetricsReading.putIfAny(out, i.uuid(), values);
        }
        List<String> missing = placed.keySet().stream().filter(id -> !out.containsKey(id)).sorted().toList();
        if (!missing.isEmpty()) {
            reading.warnings().add("Prometheus has no " + metric + " series with " + label + "=<instance uuid> for "
                    + missing.size() + " instance(s) (" + listed(missing) + "): they have no " + metric
                    + " history this cycle");
        }
    }

    private void byHost(MetricsReading reading, PrometheusClient.Matrix m, List<WatcherNode> nodes,
                        Map<String, List<OpenStackInventory.TimedValue>> out,
                        java.util.function.DoubleUnaryOperator convert, String metric) {
        Map<String, PrometheusClient.Series> exact = new HashMap<>();
        Map<String, PrometheusClient.Series> byShortName = new HashMap<>();
        for (PrometheusClient.Series s : m.series()) {
            String value = s.labels().get(settings.fqdnLabel());
            if (value == null) {
                continue;
            }
            exact.put(value, s);
            int dot = value.indexOf('.');
            if (dot > 0) {
                byShortName.put(value.substring(0, dot), s);
            }
        }
        List<String> missing = new ArrayList<>();
        for (WatcherNode n : nodes) {
            PrometheusClient.Series s = exact.getOrDefault(n.hostname(), byShortName.get(n.hostname()));
            if (s == null) {
                missing.add(n.hostname());
                continue;
            }
            MetricsReading.putIfAny(out, n.uuid(), s.points().stream()
                    .map(p -> new OpenStackInventory.TimedValue(p.epochSeconds(), convert.applyAsDouble(p.value())))
                    .toList());
        }
        if (!missing.isEmpty()) {
            reading.warnings().add("Prometheus has no " + metric + " series with " + settings.fqdnLabel()
                    + "=<host or host.domain> for " + missing.size() + " host(s) (" + listed(missing) + ")");
        }
    }

    private static String listed(List<String> ids) {
        return String.join(", ", ids.subList(0, Math.min(LISTED, ids.size())))
                + (ids.size() > LISTED ? ", ..." : "");
    }
}
