package io.pwb.engine.runtime;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import java.util.Objects;

/** Identity of one metric series inside a cluster: which VM or host, which metric. */
public record SeriesKey(EntityKind kind, String entityId, Metric metric) {
    public SeriesKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(metric, "metric");
        if (entityId == null || entityId.isBlank()) {
            throw new IllegalArgumentException("a series needs an entity id");
        }
    }
}
