package io.pwb.service.planning;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each cluster's last planning cycles on this replica went, so that a cluster whose planning keeps failing is
 * visible in the API ({@code GET /api/v1/clusters/{c}}) and in {@code pwb_planning_failures_total{cluster}}, not
 * only in the log.
 */
@ApplicationScoped
public class PlanningStatus {
    /**
     * @param consecutiveFailures failed cycles since the last one that succeeded (0: planning works)
     */
    public record Outcome(Instant lastSucceededAt, Instant lastFailedAt, String lastError, int consecutiveFailures) {
        public boolean failing() {
            return consecutiveFailures > 0;
        }
    }

    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final ClusterMeters meters;

    public PlanningStatus(ClusterMeters meters) {
        this.meters = meters;
    }

    public void succeeded(String clusterId, Instant at) {
        outcomes.compute(clusterId, (id, o) -> new Outcome(at, o == null ? null : o.lastFailedAt(), o == null ? null : o.lastError(), 0));
    }

    public void failed(String clusterId, Instant at, RuntimeException error) {
        String why = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        outcomes.compute(clusterId, (id, o) -> new Outcome(o == null ? null : o.lastSucceededAt(), at, why,
                o == null ? 1 : o.consecutiveFailures() + 1));
        meters.planningFailures(clusterId).increment();
    }

    /** Empty while this replica has not planned the cluster. */
    public Optional<Outcome> of(String clusterId) {
        return Optional.ofNullable(outcomes.get(clusterId));
    }
}
