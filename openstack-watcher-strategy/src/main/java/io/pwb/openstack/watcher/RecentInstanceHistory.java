package io.pwb.openstack.watcher;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest long CPU history per instance, as the OpenStack collector last read it from Gnocchi. Each
 * collection replaces the window (Gnocchi returns the whole window each time).
 */
public final class RecentInstanceHistory implements InstanceHistory {

    private record Window(int intervalSeconds, List<Double> cpuPercent) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public void record(Map<String, List<Double>> cpuPercentByInstance, int intervalSeconds) {
        cpuPercentByInstance.forEach((uuid, series) -> windows.put(uuid, new Window(intervalSeconds,
                List.copyOf(series))));
    }

    @Override
    public List<Double> cpuPercent(String instanceUuid, int intervalSeconds) {
        Window w = windows.get(instanceUuid);
        // Series at another spacing would distort the forecaster's notion of time: better nothing.
        return w == null || w.intervalSeconds() != intervalSeconds ? List.of() : w.cpuPercent();
    }
}
