package io.pwb.engine.runtime;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

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

    /**
     * Offers each collected sample to its cluster's engine, then stores them all, whatever each engine made of them:
     * the Kafka path's rule (validated samples are stored before, and regardless of, the forecasters' verdict), so every
     * source keeps the same history and the sink, not the forecaster, decides what is valid.
     *
     * @param engineOfCluster the engine of a cluster id
     */
    default void offerAndStore(List<Collected> samples, Function<String, ClusterEngine> engineOfCluster) {
        for (Collected c : samples) {
            engineOfCluster.apply(c.clusterId()).offer(c.kind(), c.entityId(), c.metric(), c.at().getEpochSecond(),
                    c.value());
        }
        store(samples);
    }
}
