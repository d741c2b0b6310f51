package io.pwb.engine.runtime;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import java.time.Instant;
import java.util.List;

/**
 * Where a platform collector hands the samples it collected for safe keeping (the service stores them like REST and
 * Kafka samples, so a restart warms the forecasters up from them instead of retraining). Implementations report
 * their own failures; a collector never stops because storing failed.
 */
@FunctionalInterface
public interface SampleSink {

    /** Keeps nothing (no database, e.g. an adapter running without the service). */
    SampleSink NONE = samples -> {
    };

    /**
     * One collected value.
     *
     * @param vmHostId for a VM, the host it ran on when collected (keeps the stored placement current), else null
     */
    record Collected(String clusterId, EntityKind kind, String entityId, Metric metric, Instant at, double value,
                     String vmHostId) {
    }

    void store(List<Collected> samples);
}
