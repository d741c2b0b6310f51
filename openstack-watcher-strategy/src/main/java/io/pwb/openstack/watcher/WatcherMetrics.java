package io.pwb.openstack.watcher;

import java.util.List;
import java.util.Map;

/**
 * Metric values Watcher's datasource gave the strategy, in Watcher's units. Each series is oldest first;
 * a single value is the datasource's aggregate over the audit period.
 *
 * @param instanceCpuPercent instance uuid -> CPU % of the instance's own vCPUs (0..100)
 * @param instanceRamMb      instance uuid -> resident memory in MB
 * @param hostCpuPercent     node uuid -> host CPU % (0..100)
 * @param hostRamKib         node uuid -> host used memory in KiB (Watcher's unit for host_ram_usage)
 * @param intervalSeconds    spacing of the values in a series (Watcher's granularity)
 */
public record WatcherMetrics(Map<String, List<Double>> instanceCpuPercent, Map<String, List<Double>> instanceRamMb,
                             Map<String, List<Double>> hostCpuPercent, Map<String, List<Double>> hostRamKib,
                             int intervalSeconds) {

    public WatcherMetrics {
        instanceCpuPercent = instanceCpuPercent == null ? Map.of() : instanceCpuPercent;
        instanceRamMb = instanceRamMb == null ? Map.of() : instanceRamMb;
        hostCpuPercent = hostCpuPercent == null ? Map.of() : hostCpuPercent;
        hostRamKib = hostRamKib == null ? Map.of() : hostRamKib;
        intervalSeconds = intervalSeconds <= 0 ? 300 : intervalSeconds;
    }

    public static WatcherMetrics empty() {
        return new WatcherMetrics(null, null, null, null, 0);
    }
}
