package io.pwb.openstack.collector;

import java.time.Duration;

/** Exponential back-off between failed collection cycles: initial, doubling, capped; reset on success. */
final class BackOff {

    private final Duration initial;
    private final Duration max;
    private Duration current;

    BackOff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    synchronized Duration next() {
        current = current == null ? initial : min(current.multipliedBy(2), max);
        return current;
    }

    synchronized void reset() {
        current = null;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
