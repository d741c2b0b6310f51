package io.pwb.openstack.watcher;

/** A move the planner chose (destination utilisation after it as a fraction 0..1), before it is reserved as a shadow and returned to Watcher. */
record PlannedMove(WatcherInstance instance, WatcherNode source, WatcherNode destination, double cpuLoadVcpus,
                   double destinationUtilisationAfter, String explanation) {
}
