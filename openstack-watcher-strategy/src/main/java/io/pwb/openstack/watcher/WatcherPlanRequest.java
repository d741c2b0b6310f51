package io.pwb.openstack.watcher;

import java.util.List;

/**
 * What the Watcher strategy plugin sends: the audit's compute model, its metrics and parameters.
 *
 * @param auditUuid  Watcher audit id (shadows are grouped by it); may be null
 * @param parameters strategy parameters
 */
public record WatcherPlanRequest(String auditUuid, AuditParameters parameters, List<WatcherNode> nodes,
                                 List<WatcherInstance> instances, WatcherMetrics metrics) {

    public WatcherPlanRequest {
        parameters = parameters == null ? AuditParameters.defaults() : parameters;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        instances = instances == null ? List.of() : List.copyOf(instances);
        metrics = metrics == null ? WatcherMetrics.empty() : metrics;
    }
}
