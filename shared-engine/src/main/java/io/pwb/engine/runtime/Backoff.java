package io.pwb.engine.runtime;

import java.time.Duration;
import java.time.Instant;

/**
 * Exponential back-off between attempts while a platform is unreachable (initial, doubling, capped); one success
 * resets it. Shared by the oVirt and OpenStack collectors.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private int failures;
    private Instant nextAttempt = Instant.MIN;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max");
        }
        this.initial = initial;
        this.max = max;
    }

    public synchronized boolean ready(Instant now) {
        return !now.isBefore(nextAttempt);
    }

    public synchronized void success() {
        failures = 0;
        nextAttempt = Instant.MIN;
    }

    /** Records a failure at {@code now} and returns how long to wait before the next attempt. */
    public synchronized Duration failure(Instant now) {
        failures++;
        Duration wait = initial.multipliedBy(1L << Math.min(failures - 1, 20));
        if (wait.compareTo(max) > 0) {
            wait = max;
        }
        nextAttempt = now.plus(wait);
        return wait;
    }

    public synchronized int consecutiveFailures() {
        return failures;
    }

    public synchronized Instant nextAttempt() {
        return nextAttempt;
    }
}
