package io.pwb.openstack.watcher;

import java.util.List;

/** The planner's moves and the host CPU spread before and after them. */
record PlanOutcome(List<PlannedMove> moves, double cpuStdDevBefore, double cpuStdDevAfter, List<String> notes) {
}
