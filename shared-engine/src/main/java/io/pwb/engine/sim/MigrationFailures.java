package io.pwb.engine.sim;

import java.util.SplittableRandom;

/** Decides whether a requested migration will fail (it then runs its full time and leaves the VM on its source). */
@FunctionalInterface
public interface MigrationFailures {
    boolean fails(String vmId, String sourceHostId, String targetHostId, long step);

    static MigrationFailures none() {
        return (vm, source, target, step) -> false;
    }

    /** Each migration fails independently with {@code probability}, reproducibly for a given seed. */
    static MigrationFailures random(double probability, long seed) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("failure probability must be in [0, 1]");
        }
        SplittableRandom random = new SplittableRandom(seed);
        return (vm, source, target, step) -> random.nextDouble() < probability;
    }
}
