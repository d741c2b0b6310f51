package io.pwb.openstack.watcher;

import java.util.List;

/**
 * PWB's answer to one Watcher audit.
 *
 * @param moves                 moves to turn into migrate actions (empty in advisory mode)
 * @param advisoryMoves         what PWB would do in advisory mode; never executed
 * @param cpuStdDevBefore       population standard deviation of host CPU load (fraction 0..1) before
 * @param cpuStdDevAfter        the same after the moves, as Watcher's workload_stabilization measures it
 * @param notes                 why nothing (more) was moved, shadows verified or rolled back, skipped data
 * @param instancesWithCpuData  instances of the model whose CPU PWB knew (from the request's metrics, the history of
 *                              earlier audits or its own OpenStack collector); 0 means PWB planned on nothing and
 *                              the plugin treats the audit as one without usable metrics
 */
public record WatcherPlanResponse(String mode, List<WatcherMove> moves, List<WatcherMove> advisoryMoves,
                                  double cpuStdDevBefore, double cpuStdDevAfter, List<String> notes,
                                  int instancesWithCpuData) {
}
