package io.pwb.engine.runtime;

/** The newest accepted sample of a series (observed load, as opposed to forecast load). */
record LatestValue(long timestampSeconds, double value) {
}
