package io.pwb.service.ingest;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;

/**
 * One validated metric sample.
 *
 * @param hostId for VM samples, the host the VM ran on when sampled (optional; keeps placement current)
 */
public record SampleMessage(String clusterId, EntityKind kind, String entityId, Metric metric, long timestampMs,
                            double value, String hostId) {

    /** Whether a value may be stored: every metric is a non-negative amount, and NaN or infinity is a broken reading. */
    public static boolean storableValue(double value) {
        return Double.isFinite(value) && value >= 0;
    }
}
