package io.pwb.openstack.watcher;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.planning.Decision;
import io.pwb.engine.planning.DecisionKind;
import io.pwb.engine.planning.Explanation;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.planning.Planner;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Answers one Watcher audit with PWB's engine: moves the shadow ledger on with the audit's model, predicts
 * host and instance CPU (PWB's trained forecasts first, then its collected history in front of Watcher's window),
 * builds the engine's snapshot of the audit ({@link AuditSnapshot}) and lets the engine's {@link Planner} plan
 * against the shared {@link io.pwb.engine.shadow.ShadowLedger}: move-backs the ledger asks for first, then relief
 * of hosts over the threshold (and consolidation in cost mode), each move reserved as a shadow. This class only
 * translates: Watcher's model in, the engine's decisions out as Watcher's migrate actions.
 */
public final class WatcherPlanningService {

    private final LoadForecaster forecaster;
    private final InstanceHistory history;
    private final TrustedForecasts trusted;
    private final WatcherShadowBook shadows;
    private final Clock clock;
    private final Supplier<DependencyGraph> dependencies;

    public WatcherPlanningService(LoadForecaster forecaster, InstanceHistory history, TrustedForecasts trusted,
                                  WatcherShadowBook shadows, Clock clock) {
        this(forecaster, history, trusted, () -> DependencyGraph.EMPTY, shadows, clock);
    }

    /**
     * With the cluster's dependency map (Nova server groups read by the OpenStack collector), read once per
     * audit: the engine keeps anti-affine instances apart and affine ones together.
     */
    public WatcherPlanningService(LoadForecaster forecaster, InstanceHistory history, TrustedForecasts trusted,
                                  Supplier<DependencyGraph> dependencies, WatcherShadowBook shadows, Clock clock) {
        this.forecaster = forecaster;
        this.history = history;
        this.trusted = trusted;
        this.dependencies = dependencies;
        this.shadows = shadows;
        this.clock = clock;
    }

    /**
     * One audit at a time: the engine plans one cycle per cluster at a time, or two audits could both take the
     * same free seat before either reserves it.
     *
     * @throws InvalidWatcherRequestException when the model is malformed
     */
    public synchronized WatcherPlanResponse plan(WatcherPlanRequest request) {
        WatcherRequestValidator.validate(request);
        Instant now = clock.instant();
        AuditParameters parameters = request.parameters();
        boolean advisory = parameters.planningMode() == PlanningMode.ADVISORY;
        List<String> notes = new ArrayList<>(observe(request.nodes(), request.instances(), request.metrics(),
                parameters.thresholdPercent(), now));

        ClusterLoad load = new ClusterLoad(request, forecaster, history, trusted);
        notes.addAll(load.notes());
        Map<String, WatcherNode> nodes = new HashMap<>();
        Map<String, String> nodeUuidByHostname = new HashMap<>();
        request.nodes().forEach(n -> {
            nodes.put(n.uuid(), n);
            nodeUuidByHostname.put(n.hostname(), n.uuid());
        });
        Map<String, WatcherInstance> instances = new HashMap<>();
        request.instances().forEach(i -> instances.put(i.uuid(), i));

        // The engine repeats a pending move-back each cycle; Watcher gets it while it is still possible, and
        // it counts against max_migrations. (Move-backs need only the cluster and the time of a snapshot.)
        Set<String> moveBacks = new HashSet<>();
        if (!advisory) {
            ClusterSnapshot cluster = ClusterSnapshot.of(shadows.clusterId(), now, List.of(), List.of());
            for (Decision d : Planner.pendingMoveBacks(cluster, shadows.ledger())) {
                if (moveBacks.size() < parameters.maxMigrations() && possibleMoveBack(d, instances, nodes, notes)) {
                    moveBacks.add(d.id());
                }
            }
        }
        PlanningSettings settings = AuditSnapshot.settings(parameters,
                Math.max(0, parameters.maxMigrations() - moveBacks.size()));
        ClusterSnapshot snapshot;
        try {
            snapshot = AuditSnapshot.build(shadows.clusterId(), now, request, load, dependencies.get(), settings);
        } catch (IllegalArgumentException e) {
            // e.g. an instance id that collides with a host-load VM: the engine's model refuses it
            throw new InvalidWatcherRequestException(List.of(e.getMessage()));
        }
        PlanResult result = new Planner(List.of(new NovaAllocationFilter(request.nodes(), request.instances())))
                .plan(snapshot, shadows.ledger());
        notes.addAll(result.notes());

        List<WatcherMove> moves = new ArrayList<>();
        double[] cpuLoad = load.loadsVcpus(); // host CPU as each move leaves it, for the explanations
        for (Decision d : result.decisions()) {
            if (d.kind() == DecisionKind.MOVE_BACK && !moveBacks.contains(d.id())) {
                continue;
            }
            WatcherInstance instance = instances.get(d.migration().vmId());
            WatcherNode from = nodes.get(d.migration().sourceHostId());
            WatcherNode to = nodes.get(d.migration().targetHostId());
            if (instance == null || from == null || to == null) {
                notes.add("engine decision " + d.id() + " is not about this audit's model: not returned");
                continue;
            }
            moves.add(new WatcherMove(instance.uuid(), instance.name(), from.hostname(), to.hostname(), "live",
                    explain(d, load, cpuLoad, parameters.thresholdPercent(), instance, from, to),
                    advisory ? null : d.shadowId()));
        }
        notePinnedAndRemaining(load, request, parameters, moves, notes);
        if (load.instancesWithCpuData() == 0 && !request.instances().isEmpty()) {
            notes.add("no CPU data for any of the " + request.instances().size() + " instances, neither in the"
                    + " request's metrics nor from PWB's own collector: nothing is moved");
        }
        return new WatcherPlanResponse(parameters.planningMode().name().toLowerCase(Locale.ROOT),
                advisory ? List.of() : moves, advisory ? moves : List.of(), load.cpuStdDev(),
                load.cpuStdDevAfter(moves, nodeUuidByHostname), notes, load.instancesWithCpuData());
    }

    /** Watcher can only perform a move back while the instance is still on the harmful host and home takes it. */
    private static boolean possibleMoveBack(Decision d, Map<String, WatcherInstance> instances,
                                            Map<String, WatcherNode> nodes, List<String> notes) {
        WatcherInstance instance = instances.get(d.migration().vmId());
        WatcherNode from = nodes.get(d.migration().sourceHostId());
        WatcherNode home = nodes.get(d.migration().targetHostId());
        if (instance == null || from == null || home == null || !from.uuid().equals(instance.nodeUuid())) {
            return false;
        }
        if (!home.acceptsInstances() || instance.pinnedReason().isPresent()) {
            notes.add("move back of " + instance.uuid() + " to " + home.hostname() + " not possible now: "
                    + instance.pinnedReason().orElse(home.hostname() + " is " + home.state() + "/" + home.status()));
            return false;
        }
        return true;
    }

    /** The engine's reason, with the CPU figures Watcher's operators read (% of physical vCPUs). */
    private static String explain(Decision d, ClusterLoad load, double[] cpuLoad, double thresholdPercent,
                                  WatcherInstance instance, WatcherNode from, WatcherNode to) {
        Explanation why = d.explanation();
        if (d.kind() == DecisionKind.MOVE_BACK) {
            return "move back: " + why.summary();
        }
        int s = load.indexOf(from.uuid());
        int t = load.indexOf(to.uuid());
        double moving = load.instanceLoadVcpus(instance.uuid()).orElse(0);
        double sourceBefore = cpuLoad[s] / from.vcpus() * 100;
        double targetBefore = cpuLoad[t] / to.vcpus() * 100;
        cpuLoad[s] -= moving;
        cpuLoad[t] += moving;
        String reason = switch (d.kind()) {
            case CONSOLIDATE -> String.format(Locale.ROOT, "cost mode empties %s (%.1f%% CPU)", from.hostname(),
                    sourceBefore);
            case PROTECT_FROM_BURST -> String.format(Locale.ROOT, "%s (%.1f%% CPU) could not absorb a burst of one of"
                    + " its instances back to its recent peak", from.hostname(), sourceBefore);
            default -> String.format(Locale.ROOT, "%s is predicted at %.1f%% CPU (threshold %.1f%%)", from.hostname(),
                    sourceBefore, thresholdPercent);
        };
        return String.format(Locale.ROOT, "%s; moving %s (%.2f vCPU of load) brings it to %.1f%% and %s from %.1f%%"
                        + " to %.1f%%. Engine: %s", reason, label(instance), moving, cpuLoad[s] / from.vcpus() * 100,
                to.hostname(), targetBefore, cpuLoad[t] / to.vcpus() * 100, why.summary());
    }

    /** Tells the operator why hot hosts keep instances, and why relief stopped. */
    private static void notePinnedAndRemaining(ClusterLoad load, WatcherPlanRequest request,
                                               AuditParameters parameters, List<WatcherMove> moves,
                                               List<String> notes) {
        double threshold = parameters.thresholdPercent();
        boolean anyHot = false;
        for (WatcherInstance instance : request.instances()) {
            int h = load.indexOf(instance.nodeUuid());
            if (h >= 0 && load.utilisationPercent(h) > threshold) {
                instance.pinnedReason().ifPresent(r -> notes.add(label(instance) + " stays: " + r));
            }
        }
        for (int h = 0; h < load.size(); h++) {
            anyHot |= load.utilisationPercent(h) > threshold;
        }
        if (!anyHot) {
            notes.add(String.format(Locale.ROOT, "no host is predicted above %.1f%% CPU", threshold));
        } else if (moves.size() >= parameters.maxMigrations()) {
            notes.add("stopped at max_migrations=" + parameters.maxMigrations());
        }
    }

    private static String label(WatcherInstance instance) {
        return instance.name().isEmpty() ? instance.uuid() : instance.name() + " (" + instance.uuid() + ")";
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
                new AuditParameters(thresholdPercent, AuditParameters.DEFAULT_HORIZON_MINUTES, 0, null), nodes, instances, metrics);
        ClusterLoad observed = new ClusterLoad(observation, LoadForecaster.latestValue(), InstanceHistory.none(),
                TrustedForecasts.none());
        Map<String, Double> utilisation = new HashMap<>();
        for (int h = 0; h < observed.size(); h++) {
            if (observed.cpuKnown(h)) {
                utilisation.put(observed.host(h).uuid(), observed.fraction(h));
            }
        }
        return shadows.observe(placement, utilisation, now);
    }
}
