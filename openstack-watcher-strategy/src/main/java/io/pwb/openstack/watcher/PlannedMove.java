package io.pwb.openstack.watcher;

/** A move the planner chose, before it is reserved as a shadow and returned to Watcher. */
record PlannedMove(WatcherInstance instance, WatcherNode source, WatcherNode destination, double cpuLoadVcpus,
                   String explanation) {
}
