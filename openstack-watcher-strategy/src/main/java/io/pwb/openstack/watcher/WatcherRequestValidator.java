package io.pwb.openstack.watcher;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a plan request at the edge; ids are opaque strings, only structure and ranges are checked. */
final class WatcherRequestValidator {

    private WatcherRequestValidator() {
    }

    static void validate(WatcherPlanRequest request) {
        List<String> problems = new ArrayList<>();
        AuditParameters p = request.parameters();
        if (!(p.thresholdPercent() > 0 && p.thresholdPercent() <= 100)) {
            problems.add("threshold must be in (0, 100] percent, not " + p.thresholdPercent());
        }
        if (p.horizonMinutes() < 1) {
            problems.add("horizon must be at least 1 minute, not " + p.horizonMinutes());
        }
        if (p.maxMigrations() < 0) {
            problems.add("max_migrations must not be negative, not " + p.maxMigrations());
        }
        try {
            p.planningMode();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        Set<String> nodeIds = new HashSet<>();
        for (WatcherNode node : request.nodes()) {
            if (node == null || blank(node.uuid()) || blank(node.hostname())) {
                problems.add("every node needs a uuid and a hostname");
                continue;
            }
            if (!nodeIds.add(node.uuid())) {
                problems.add("duplicate node uuid " + node.uuid());
            }
            if (node.vcpus() < 0 || node.memoryMb() < 0 || node.diskGb() < 0 || node.vcpuReserved() < 0
                    || node.memoryMbReserved() < 0 || node.diskGbReserved() < 0) {
                problems.add("node " + node.hostname() + " has a negative size");
            }
        }
        Set<String> instanceIds = new HashSet<>();
        for (WatcherInstance instance : request.instances()) {
            if (instance == null || blank(instance.uuid())) {
                problems.add("every instance needs a uuid");
                continue;
            }
            if (!instanceIds.add(instance.uuid())) {
                problems.add("duplicate instance uuid " + instance.uuid());
            }
            if (instance.vcpus() < 0 || instance.memoryMb() < 0 || instance.diskGb() < 0) {
                problems.add("instance " + instance.uuid() + " has a negative flavor size");
            }
            if (instance.nodeUuid() != null && !nodeIds.contains(instance.nodeUuid())) {
                problems.add("instance " + instance.uuid() + " is on unknown node " + instance.nodeUuid());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidWatcherRequestException(problems);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
