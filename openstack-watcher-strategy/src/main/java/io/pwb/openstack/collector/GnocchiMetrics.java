package io.pwb.openstack.collector;

import io.pwb.openstack.watcher.WatcherInstance;
import io.pwb.openstack.watcher.WatcherNode;

import java.time.Instant;
import java.util.List;

/** Watcher's Gnocchi metrics, one resource at a time (Gnocchi has no query across resources by label). */
final class GnocchiMetrics implements MetricsReader {

    private final GnocchiClient gnocchi;

    GnocchiMetrics(GnocchiClient gnocchi) {
        this.gnocchi = gnocchi;
    }

    @Override
    public MetricsReading read(List<WatcherNode> nodes, List<WatcherInstance> instances, Instant start, Instant end,
                               int granularitySeconds) {
        MetricsReading r = MetricsReading.empty();
        for (WatcherInstance i : instances) {
            if (i.nodeUuid() == null) {
                continue;
            }
            MetricsReading.putIfAny(r.instanceCpuPercent(), i.uuid(),
                    gnocchi.instanceCpuPercent(i.uuid(), i.vcpus(), start, granularitySeconds));
            MetricsReading.putIfAny(r.instanceRamMb(), i.uuid(),
                    gnocchi.instanceRamMb(i.uuid(), start, granularitySeconds));
        }
        for (WatcherNode n : nodes) {
            MetricsReading.putIfAny(r.hostCpuPercent(), n.uuid(),
                    gnocchi.hostCpuPercent(n.hostname(), start, granularitySeconds));
        }
        return r;
    }
}
