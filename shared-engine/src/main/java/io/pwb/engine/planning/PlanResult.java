package io.pwb.engine.planning;

import io.pwb.engine.model.PlanningMode;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one planning cycle of one cluster.
 *
 * @param decisions moves, in the order they were planned
 * @param notes     why hosts were left alone (no safe target, untrusted forecasts, caps reached, bad input)
 */
public record PlanResult(String clusterId, Instant time, PlanningMode mode, List<Decision> decisions,
                         List<String> notes) {
    public PlanResult {
        decisions = List.copyOf(decisions);
        notes = List.copyOf(notes);
    }
}
