package io.pwb.openstack.collector;

import io.pwb.openstack.watcher.WatcherInstance;
import io.pwb.openstack.watcher.WatcherMetrics;
import io.pwb.openstack.watcher.WatcherNode;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One observation of a cloud, in the same shape as Watcher's compute model (nodes keyed by hypervisor id,
 * capacity from Placement) so that the Watcher planning path and the collector share one vocabulary.
 *
 * @param instanceCpuPercentHistory instance uuid -> CPU % of its vCPUs, timed, oldest first
 * @param hostCpuPercentHistory     node uuid -> host CPU %, timed, oldest first
 * @param collectionWarnings        what the cycle skipped (missing series, unusable values, unknown locks and sizes,
 *                                  nodes without capacity, other projects' server groups), with what they are about
 */
public record OpenStackInventory(Instant observedAt, List<WatcherNode> nodes, List<WatcherInstance> instances,
                                 List<ServerGroup> serverGroups, WatcherMetrics metrics,
                                 Map<String, List<TimedValue>> instanceCpuPercentHistory,
                                 Map<String, List<TimedValue>> hostCpuPercentHistory,
                                 List<CollectionWarning> collectionWarnings) {

    /** One measured value and the start of its step. */
    public record TimedValue(long epochSeconds, double value) {
    }

    public OpenStackInventory {
        instanceCpuPercentHistory = Map.copyOf(instanceCpuPercentHistory);
        hostCpuPercentHistory = Map.copyOf(hostCpuPercentHistory);
        collectionWarnings = List.copyOf(collectionWarnings);
        nodes = List.copyOf(nodes);
        instances = List.copyOf(instances);
        serverGroups = List.copyOf(serverGroups);
    }

    /** The warnings' messages. */
    public List<String> warnings() {
        return collectionWarnings.stream().map(CollectionWarning::message).toList();
    }

    /** Instance uuid -> node uuid it runs on now. */
    public Map<String, String> placement() {
        Map<String, String> out = new HashMap<>();
        for (WatcherInstance i : instances) {
            if (i.nodeUuid() != null) {
                out.put(i.uuid(), i.nodeUuid());
            }
        }
        return out;
    }
}
