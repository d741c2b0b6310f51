package io.pwb.engine.replay;

import io.pwb.engine.sim.ClusterObservation;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A migration policy under replay: after every step it sees what the platform reports and asks for migrations,
 * which start at the next step. It never touches the platform otherwise.
 */
public interface ReplayPolicy {
    /** Name as used on the command line. */
    String name();

    /** Migrations to start now, given the platform's report of the step just completed. */
    List<Migration> decide(ClusterObservation observation);

    /**
     * Warm-up: the platform's report of a step during which no policy may act (the policy may learn from it).
     */
    default void observeOnly(ClusterObservation observation) {
    }

    /**
     * This policy's forecast of a VM's utilisation (0..1 of its size) for the coming step, if it forecasts at all;
     * used to report forecast error.
     */
    default OptionalDouble forecastUtilisation(String vmId) {
        return OptionalDouble.empty();
    }

    /** The platform's answer to one of this policy's requests (policies that track their moves listen here). */
    default void migrationRequested(Migration migration, io.pwb.engine.sim.MigrationResult result) {
    }

    /** A requested live migration. */
    record Migration(String vmId, String targetHostId) {
    }
}
