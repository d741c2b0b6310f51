package io.pwb.openstack.watcher;

import io.pwb.engine.shadow.Shadow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Answers one Watcher audit: moves PWB's shadow ledger on with the audit's model, predicts host and instance
 * CPU (PWB's trained forecasts first, then its collected history in front of Watcher's window), returns any
 * move-back the ledger asks for after a harmful move, plans new moves, reserves a shadow per move and returns
 * the moves with their explanations.
 */
public final class WatcherPlanningService {

    private final LoadForecaster forecaster;
    private final InstanceHistory history;
    private final TrustedForecasts trusted;
    private final WatcherShadowBook shadows;
    private final MovePlanner planner;
    private final Clock clock;
    private final java.util.function.Supplier<AffinityRules> rules;

    public WatcherPlanningService(LoadForecaster forecaster, InstanceHistory history, TrustedForecasts trusted,
                                  WatcherShadowBook shadows, Clock clock) {
        this(forecaster, history, trusted, AffinityRules::none, shadows, new ThresholdReliefPlanner(), clock);
    }

    /** With hard affinity rules, read once per audit (e.g. from PWB's dependency map). */
    public WatcherPlanningService(LoadForecaster forecaster, InstanceHistory history, TrustedForecasts trusted,
                                  java.util.function.Supplier<AffinityRules> rules, WatcherShadowBook shadows,
                                  Clock clock) {
        this(forecaster, history, trusted, rules, shadows, new ThresholdReliefPlanner(), clock);
    }

    WatcherPlanningService(LoadForecaster forecaster, InstanceHistory history, TrustedForecasts trusted,
                           java.util.function.Supplier<AffinityRules> rules, WatcherShadowBook shadows,
                           MovePlanner planner, Clock clock) {
        this.rules = rules;
        this.forecaster = forecaster;
        this.history = history;
        this.trusted = trusted;
        this.shadows = shadows;
        this.planner = planner;
        this.clock = clock;
    }

    /** @throws InvalidWatcherRequestException when the model is malformed */
    public WatcherPlanResponse plan(WatcherPlanRequest request) {
        WatcherRequestValidator.validate(request);
        Instant now = clock.instant();
        AuditParameters parameters = request.parameters();
        boolean advisory = parameters.planningMode() == PlanningMode.ADVISORY;
        List<String> notes = new ArrayList<>(observe(request.nodes(), request.instances(), request.metrics(),
                parameters.thresholdPercent(), now));

        List<WatcherMove> moves = advisory ? new ArrayList<>() : moveBacks(request, notes);
        ClusterLoad load = new ClusterLoad(request, forecaster, history, trusted, shadows.reservations());
        notes.addAll(load.notes());
        AuditParameters remaining = new AuditParameters(parameters.thresholdPercent(), parameters.horizonMinutes(),
                Math.max(0, parameters.maxMigrations() - moves.size()), parameters.mode());
        PlanOutcome outcome = planner.plan(load, remaining, shadows.frozen(request.instances(), now),
                rules.get());
        notes.addAll(outcome.notes());

        List<WatcherMove> planned = new ArrayList<>();
        for (PlannedMove move : outcome.moves()) {
            // Advisory decisions are explained but hold no capacity: nothing will move.
            String shadowId = advisory ? null : shadows.reserve(move, move.destinationUtilisationAfter(),
                    parameters.thresholdPercent() / 100.0, UUID.randomUUID().toString(), now, notes);
            if (!advisory && shadowId == null) {
                continue;
            }
            planned.add(new WatcherMove(move.instance().uuid(), move.instance().name(), move.source().hostname(),
                    move.destination().hostname(), "live", move.explanation(), shadowId));
        }
        moves.addAll(advisory ? List.of() : planned);
        return new WatcherPlanResponse(parameters.planningMode().name().toLowerCase(Locale.ROOT), moves,
                advisory ? planned : List.of(), outcome.cpuStdDevBefore(), outcome.cpuStdDevAfter(), notes);
    }

    /** Reverse moves the ledger asks for, when the instance is still on the harmful host and home is available. */
    private List<WatcherMove> moveBacks(WatcherPlanRequest request, List<String> notes) {
        Map<String, WatcherNode> nodes = new HashMap<>();
        request.nodes().forEach(n -> nodes.put(n.uuid(), n));
        Map<String, WatcherInstance> instances = new HashMap<>();
        request.instances().forEach(i -> instances.put(i.uuid(), i));
        List<WatcherMove> out = new ArrayList<>();
        for (Shadow s : shadows.pendingMoveBacks()) {
            WatcherInstance instance = instances.get(s.vmId());
            WatcherNode from = nodes.get(s.sourceHostId());
            WatcherNode home = nodes.get(s.targetHostId());
            if (instance == null || from == null || home == null || !s.sourceHostId().equals(instance.nodeUuid())
                    || out.size() >= request.parameters().maxMigrations()) {
                continue;
            }
            if (!home.acceptsInstances() || instance.pinnedReason().isPresent()) {
                notes.add("move back of " + s.vmId() + " to " + home.hostname() + " not possible now: "
                        + instance.pinnedReason().orElse(home.hostname() + " is " + home.state() + "/" + home.status()));
                continue;
            }
            out.add(new WatcherMove(instance.uuid(), instance.name(), from.hostname(), home.hostname(), "live",
                    "move back: " + s.reason(), s.id()));
        }
        return out;
    }

    /**
     * Moves the ledger on with an observation of where instances are (the next audit's model, or the OpenStack
     * collector) and of the hosts' observed load: arrivals start verification, a target under its limit through
     * the verification window commits, a harmful one rolls back (with a move back), RESERVED past its deadline
     * expires.
     */
    public List<String> observe(List<WatcherNode> nodes, List<WatcherInstance> instances, WatcherMetrics metrics,
                                double thresholdPercent, Instant now) {
        Map<String, String> placement = new HashMap<>();
        for (WatcherInstance instance : instances) {
            if (instance.nodeUuid() != null) {
                placement.put(instance.uuid(), instance.nodeUuid());
            }
        }
        // Observed, not predicted: the hosts' load as this observation shows it.
        WatcherPlanRequest observation = new WatcherPlanRequest(null,
                new AuditParameters(thresholdPercent, 0, 0, null), nodes, instances, metrics);
        ClusterLoad observed = new ClusterLoad(observation, LoadForecaster.latestValue(), InstanceHistory.none(),
                List.of());
        Map<String, Double> utilisation = new HashMap<>();
        for (int h = 0; h < observed.size(); h++) {
            if (observed.cpuKnown(h)) {
                utilisation.put(observed.host(h).uuid(), observed.fraction(h));
            }
        }
        return shadows.observe(placement, utilisation, now);
    }
}
