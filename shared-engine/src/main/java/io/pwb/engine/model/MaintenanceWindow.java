package io.pwb.engine.model;

import java.time.Instant;

/** A scheduled maintenance of a host: from {@code start} to {@code end} the host holds no VMs. */
public record MaintenanceWindow(String hostId, Instant start, Instant end) {
    public MaintenanceWindow {
        hostId = Checks.id("maintenance window host id", hostId);
        if (start == null || end == null || !end.isAfter(start)) {
            throw new IllegalArgumentException("maintenance window of host " + hostId
                    + " needs start < end, got " + start + " .. " + end);
        }
    }

    /** True when the window overlaps [from, to). */
    public boolean overlaps(Instant from, Instant to) {
        return start.isBefore(to) && end.isAfter(from);
    }
}
