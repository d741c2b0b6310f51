package io.pwb.engine.sim;

/** The platform's answer to a migration request. */
public sealed interface MigrationResult {
    /** The migration started; it lasts {@code durationSeconds} (it may still fail at the end). */
    record Started(String vmId, String sourceHostId, String targetHostId, double durationSeconds) implements MigrationResult {
    }

    /** The request was refused at once and nothing changed. */
    record Refused(String vmId, String reason) implements MigrationResult {
    }
}
