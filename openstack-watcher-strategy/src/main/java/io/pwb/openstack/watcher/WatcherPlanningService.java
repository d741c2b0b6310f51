package io.pwb.openstack.watcher;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers one Watcher audit: settles earlier shadows against the audit's model, predicts host and instance
 * CPU (merging PWB's own history in front of Watcher's window), plans moves, reserves a shadow per move and
 * returns the moves with their explanations.
 */
public final class WatcherPlanningService {

    private final LoadForecaster forecaster;
    private final InstanceHistory history;
    private final WatcherShadows shadows;
    private final MovePlanner planner;
    private final Clock clock;
    private final TrustedForecasts trusted;

    public WatcherPlanningService(LoadForecaster forecaster, InstanceHistory history, WatcherShadows shadows,
                                  Clock clock) {
        this(forecaster, history, TrustedForecasts.none(), shadows, new ThresholdReliefPlanner(), clock);
    }

    /** With the engine's trained forecasts taking precedence over Watcher's window where they exist. */
    public WatcherPlanningService(LoadForecaster forecaster, InstanceHistory history, TrustedForecasts trusted,
                                  WatcherShadows shadows, Clock clock) {
        this(forecaster, history, trusted, shadows, new ThresholdReliefPlanner(), clock);
    }

    WatcherPlanningService(LoadForecaster forecaster, InstanceHistory history, TrustedForecasts trusted,
                           WatcherShadows shadows, MovePlanner planner, Clock clock) {
        this.trusted = trusted;
        this.forecaster = forecaster;
        this.history = history;
        this.shadows = shadows;
        this.planner = planner;
        this.clock = clock;
    }

    /** @throws InvalidWatcherRequestException when the model is malformed */
    public WatcherPlanResponse plan(WatcherPlanRequest request) {
        WatcherRequestValidator.validate(request);
        Instant now = clock.instant();
        AuditParameters parameters = request.parameters();
        List<String> notes = new ArrayList<>(settleShadows(request, now));

        ClusterLoad load = new ClusterLoad(request, forecaster, history, trusted, shadows.reserved());
        notes.addAll(load.notes());
        PlanOutcome outcome = planner.plan(load, parameters, shadows.frozenInstances(now));
        notes.addAll(outcome.notes());

        boolean advisory = parameters.planningMode() == PlanningMode.ADVISORY;
        List<WatcherMove> moves = new ArrayList<>();
        for (PlannedMove move : outcome.moves()) {
            // Advisory decisions are recorded but hold no capacity: nothing will move.
            String shadowId = advisory ? null : shadows.reserve(request.auditUuid(), move, now);
            moves.add(new WatcherMove(move.instance().uuid(), move.instance().name(), move.source().hostname(),
                    move.destination().hostname(), "live", move.explanation(), shadowId));
        }
        return new WatcherPlanResponse(parameters.planningMode().name().toLowerCase(java.util.Locale.ROOT),
                advisory ? List.of() : moves, advisory ? moves : List.of(),
                outcome.cpuStdDevBefore(), outcome.cpuStdDevAfter(), notes);
    }

    private List<String> settleShadows(WatcherPlanRequest request, Instant now) {
        return observe(request.nodes(), request.instances(), request.metrics(),
                request.parameters().thresholdPercent(), now);
    }

    /**
     * Settles reserved shadows against an observation of where instances are (the next audit's model, or the
     * OpenStack collector): on the destination and the destination under the threshold commits; on the
     * destination but at or above the threshold is harmful; still elsewhere after the time to live expires.
     */
    public List<String> observe(List<WatcherNode> nodes, List<WatcherInstance> instances, WatcherMetrics metrics,
                                double thresholdPercent, Instant now) {
        Map<String, String> placement = new HashMap<>();
        for (WatcherInstance instance : instances) {
            if (instance.nodeUuid() != null) {
                placement.put(instance.uuid(), instance.nodeUuid());
            }
        }
        // Observed, not predicted: the destination's load as the new observation shows it.
        WatcherPlanRequest observation = new WatcherPlanRequest(null,
                new AuditParameters(thresholdPercent, 0, 0, null), nodes, instances, metrics);
        ClusterLoad observed = new ClusterLoad(observation, LoadForecaster.latestValue(), InstanceHistory.none(),
                List.of());
        Map<String, Boolean> overloaded = new HashMap<>();
        for (int h = 0; h < observed.size(); h++) {
            overloaded.put(observed.host(h).uuid(), observed.utilisationPercent(h) >= thresholdPercent);
        }
        return shadows.reconcile(placement, node -> overloaded.getOrDefault(node, false), now);
    }
}
