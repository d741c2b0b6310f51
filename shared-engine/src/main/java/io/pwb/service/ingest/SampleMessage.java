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

    /** The host the sample names: a host sample's own id, a VM sample's placement (null when it gives none). */
    public String namedHostId() {
        return kind == EntityKind.HOST ? entityId : hostId;
    }

    /** Whether a value may be stored: every metric is a non-negative amount, and NaN or infinity is a broken reading. */
    public static boolean storableValue(double value) {
        return Double.isFinite(value) && value >= 0;
    }
}
