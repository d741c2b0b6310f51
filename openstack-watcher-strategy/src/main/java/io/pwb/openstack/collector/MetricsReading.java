package io.pwb.openstack.collector;

import io.pwb.openstack.watcher.WatcherMetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one cycle read from the metrics source, timed, in Watcher's units (instance CPU % of its vCPUs, instance
 * RAM MB, host CPU %, host RAM KiB), plus what was skipped and why.
 */
record MetricsReading(Map<String, List<OpenStackInventory.TimedValue>> instanceCpuPercent,
                      Map<String, List<OpenStackInventory.TimedValue>> instanceRamMb,
                      Map<String, List<OpenStackInventory.TimedValue>> hostCpuPercent,
                      Map<String, List<OpenStackInventory.TimedValue>> hostRamKib,
                      List<String> warnings) {

    static MetricsReading empty() {
        return new MetricsReading(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(),
                new ArrayList<>());
    }

    static void putIfAny(Map<String, List<OpenStackInventory.TimedValue>> map, String key,
                         List<OpenStackInventory.TimedValue> series) {
        if (!series.isEmpty()) {
            map.put(key, List.copyOf(series));
        }
    }

    /** The values without their times, as the Watcher planning path takes them. */
    WatcherMetrics toWatcherMetrics(int intervalSeconds) {
        return new WatcherMetrics(values(instanceCpuPercent), values(instanceRamMb), values(hostCpuPercent),
                values(hostRamKib), intervalSeconds);
    }

    private static Map<String, List<Double>> values(Map<String, List<OpenStackInventory.TimedValue>> timed) {
        Map<String, List<Double>> out = new HashMap<>();
        timed.forEach((k, v) -> out.put(k, v.stream().map(OpenStackInventory.TimedValue::value).toList()));
        return out;
    }
}
