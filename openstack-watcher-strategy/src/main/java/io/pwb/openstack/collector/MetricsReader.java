package io.pwb.openstack.collector;

import io.pwb.openstack.watcher.WatcherInstance;
import io.pwb.openstack.watcher.WatcherNode;

import java.time.Instant;
import java.util.List;

/** Reads the history window of the collected nodes and instances from one metrics source. */
interface MetricsReader {

    /**
     * @throws OpenStackCallException when the source fails as a whole (unreachable, error status, malformed answer);
     *                                single missing series or unusable values are warnings in the reading
     */
    MetricsReading read(List<WatcherNode> nodes, List<WatcherInstance> instances, Instant start, Instant end,
                        int granularitySeconds);
}
