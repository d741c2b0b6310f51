package io.pwb.engine.model;

/**
 * Capacity held on {@code targetHostId} for a VM that is expected to arrive (an active shadow). Capacity
 * projections count it as used on the target until the VM is seen there.
 *
 * @param reserved peak predicted demand of the VM over the horizon (upper bounds)
 */
public record Reservation(String vmId, String sourceHostId, String targetHostId, Resources reserved) {
    public Reservation {
        vmId = Checks.id("reservation VM id", vmId);
        targetHostId = Checks.id("reservation target host id", targetHostId);
        if (reserved == null) {
            throw new IllegalArgumentException("reservation of VM " + vmId + " has no amount");
        }
    }
}
