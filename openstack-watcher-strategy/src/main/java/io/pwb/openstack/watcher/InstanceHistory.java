package io.pwb.openstack.watcher;

import java.util.List;

/**
 * PWB's own, longer history of an instance's CPU (e.g. from the OpenStack collector's Gnocchi reads), merged
 * in front of the short window Watcher passes.
 */
public interface InstanceHistory {

    /** CPU % of the instance's vCPUs, oldest first, at the given interval; empty when PWB knows nothing. */
    List<Double> cpuPercent(String instanceUuid, int intervalSeconds);

    static InstanceHistory none() {
        return (instanceUuid, intervalSeconds) -> List.of();
    }
}
