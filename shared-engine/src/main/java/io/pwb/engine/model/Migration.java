package io.pwb.engine.model;

/** A move of one VM from one host to another. */
public record Migration(String vmId, String sourceHostId, String targetHostId) {
    public Migration {
        vmId = Checks.id("migration VM id", vmId);
        sourceHostId = Checks.id("migration source host id", sourceHostId);
        targetHostId = Checks.id("migration target host id", targetHostId);
        if (sourceHostId.equals(targetHostId)) {
            throw new IllegalArgumentException("migration of VM " + vmId + " has the same source and target "
                    + sourceHostId);
        }
    }
}
