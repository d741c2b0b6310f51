package io.pwb.ovirt.engine;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.Migration;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.model.Vm;
import io.pwb.engine.placement.FilterResult;
import io.pwb.engine.placement.Placement;
import io.pwb.engine.placement.PlacementContext;
import io.pwb.engine.placement.RankResult;
import io.pwb.engine.placement.RankedHost;
import io.pwb.engine.planning.Decision;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.planning.Planner;
import io.pwb.engine.runtime.EngineRegistry;
import io.pwb.engine.shadow.LedgerResult;
import io.pwb.engine.shadow.ReservationRequest;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.ovirt.proxy.ExternalSchedulerBackend;
import io.pwb.ovirt.proxy.PolicyProperties;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The oVirt units over PWB's engine: filter and weight from the capacity projection of the VM's cluster with every
 * active shadow subtracted (so headroom held for a pending move is not offered to another VM), balance from the
 * Planner, one move per call, its shadow reserved at that moment; a pending move back (the rollback of a harmful
 * move) comes before any new move, and the filter and weight let the VM's original host, held for it, pass and
 * rank first. The cluster's own PWB settings (mode, threshold) apply unless the scheduling policy sets the matching
 * property. Fails open: a VM or host PWB does not know passes and scores neutral; a filter that would leave no host
 * passes them all; an unknown cluster is never balanced.
 */
public final class EngineSchedulerBackend implements ExternalSchedulerBackend {

    private static final Logger LOG = Logger.getLogger(EngineSchedulerBackend.class.getName());
    /** Alternatives offered to the engine after the reserved target. */
    private static final int EXTRA_CANDIDATES = 2;
    /**
     * Weights of the hosts PWB ranks lie in 0..RANKED_SPAN, below {@link #NEUTRAL_SCORE} (no opinion: a host PWB
     * does not know, the VM's own host), below {@link #REJECTED_SCORE} (a host PWB knows cannot take the VM).
     */
    static final int RANKED_SPAN = 40;
    static final int REJECTED_SCORE = 100;

    private final EngineRegistry registry;
    private final ShadowLedger ledger;
    private final Clock clock;
    private final Planner planner = new Planner();
    private final ProjectionCache cache;
    private final DecisionLog decisions;
    /** Move-back shadows already asked for (and recorded): the engine is asked again each call, recorded once. */
    private final Set<String> askedMoveBacks = new HashSet<>();
    private final FailOpenWarnings failOpen = new FailOpenWarnings();
    private final ReentrantLock balancing = new ReentrantLock();

    /**
     * @param snapshotTtl how long filter and weight answers may reuse a cluster snapshot (its forecasts)
     * @param decisions   where balancing decisions (acted on or advisory) are recorded
     */
    public EngineSchedulerBackend(EngineRegistry registry, Clock clock, Duration snapshotTtl, DecisionLog decisions) {
        this.registry = registry;
        this.ledger = registry.ledger();
        this.clock = clock;
        this.cache = new ProjectionCache(snapshotTtl);
        this.decisions = decisions;
    }

    public EngineSchedulerBackend(EngineRegistry registry, Clock clock, DecisionLog decisions) {
        this(registry, clock, Duration.ofSeconds(5), decisions);
    }

    public EngineSchedulerBackend(EngineRegistry registry, Clock clock) {
        this(registry, clock, DecisionLog.NONE);
    }

    private Optional<ClusterSnapshot> snapshotWithVm(String vmId) {
        return registry.clusterOfVm(vmId).map(c -> cache.snapshot(c, clock.instant()));
    }

    @Override
    public List<String> filter(String vmId, List<String> hostIds, PolicyProperties properties) {
        Optional<ClusterSnapshot> found = snapshotWithVm(vmId);
        if (found.isEmpty()) {
            return hostIds;
        }
        ClusterSnapshot base = found.get();
        PlanningSettings settings = PolicySettings.apply(base.settings(), properties);
        PlacementContext ctx = cachedContext(base, settings, vmId);
        FilterResult r = Placement.standard(settings).filter(ctx, vmId, hostIds);
        if (!r.ok()) {
            return hostIds;
        }
        Set<String> passed = new HashSet<>(r.passedHostIds());
        String current = base.vm(vmId).map(Vm::hostId).orElse(null);
        String home = heldHome(base.clusterId(), vmId).orElse(null);
        List<String> out = new ArrayList<>(hostIds.size());
        for (String h : hostIds) {
            // Unknown hosts pass (fail open); so does the VM's own host (its load is already there) and the host
            // held for its move back (the engine carries the rollback out through this filter).
            if (passed.contains(h) || ctx.projection().indexOf(h) < 0 || h.equals(current) || h.equals(home)) {
                out.add(h);
            } else if (LOG.isLoggable(Level.FINE)) {
                LOG.fine("filter " + base.clusterId() + ": host " + h + " removed for VM " + vmId + ": "
                        + r.rejected().get(h));
            }
        }
        if (out.isEmpty() && !hostIds.isEmpty()) {
            // PWB recommends nothing rather than block the VM: the engine's own filters still decide.
            failOpen.noHostLeft(base.clusterId(), vmId, hostIds, r.rejected());
            return hostIds;
        }
        failOpen.hostsLeft(base.clusterId(), vmId);
        return out;
    }

    @Override
    public Map<String, Integer> score(String vmId, List<String> hostIds, PolicyProperties properties) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        hostIds.forEach(h -> scores.put(h, NEUTRAL_SCORE));
        Optional<ClusterSnapshot> found = snapshotWithVm(vmId);
        if (found.isEmpty()) {
            return scores;
        }
        ClusterSnapshot base = found.get();
        PlanningSettings settings = PolicySettings.apply(base.settings(), properties);
        PlacementContext ctx = cachedContext(base, settings, vmId);
        RankResult r = Placement.standard(settings).rank(ctx, vmId, hostIds);
        if (!r.ok()) {
            return preferHome(scores, base.clusterId(), vmId);
        }
        for (String h : hostIds) {
            if (ctx.projection().indexOf(h) >= 0) {
                scores.put(h, REJECTED_SCORE); // known but rejected: least preferred (the filter unit excludes it)
            }
        }
        double sum = PolicySettings.weightSum(settings.weights());
        double best = r.best().map(RankedHost::total).orElse(0.0);
        for (RankedHost rh : r.ranked()) {
            scores.put(rh.host().id(), rankedWeight(rh.total(), best, sum));
        }
        base.vm(vmId).map(Vm::hostId).filter(scores::containsKey)
                .ifPresent(current -> scores.put(current, NEUTRAL_SCORE)); // staying put: no opinion
        return preferHome(scores, base.clusterId(), vmId);
    }

    /** The host held for the VM's pending move back, if offered, is the only best host (0); every other gets >= 1. */
    private Map<String, Integer> preferHome(Map<String, Integer> scores, String clusterId, String vmId) {
        heldHome(clusterId, vmId).filter(scores::containsKey)
                .ifPresent(home -> scores.replaceAll((h, w) -> h.equals(home) ? 0 : Math.max(1, w)));
        return scores;
    }

    /**
     * The original host of the VM's pending move back (its shadow RESERVED, or MIGRATING once the engine started
     * it), where capacity is held for it. Cool-downs and PWB's own projection may reject that host (the VM left it
     * moments ago); the shadow monitor decided the rollback, so the units must not stand in its way.
     */
    private Optional<String> heldHome(String clusterId, String vmId) {
        return ledger.activeFor(clusterId, vmId)
                .filter(sh -> sh.moveBack()
                        && (sh.state() == ShadowState.RESERVED || sh.state() == ShadowState.MIGRATING))
                .map(Shadow::targetHostId);
    }

    /**
     * The weight of a host PWB ranks (lower is better): 0 for PWB's best, then its distance from the best on the
     * ranker's own scale (totals lie in 0..weightSum), mapped into 1..RANKED_SPAN. Under the RankSelector only the
     * order counts: PWB's ranking, then no opinion, then rejected. Under the weight sum the values count too: near
     * equal hosts stay near equal (no min-max stretching of a tiny difference), and an unknown host is always at
     * least NEUTRAL_SCORE - RANKED_SPAN behind every host PWB ranks, whatever the factor.
     */
    static int rankedWeight(double total, double bestTotal, double weightSum) {
        if (!(total > bestTotal) || !(weightSum > 0)) {
            return 0;
        }
        long w = Math.round(RANKED_SPAN * (total - bestTotal) / weightSum);
        return (int) Math.max(1, Math.min(RANKED_SPAN, w));
    }

    /**
     * Serialised: two balancing calls must not each reserve a move out of the same overload. The wait for the lock
     * ends when the calling thread is interrupted (the endpoint does so at the call's deadline) with a
     * {@link CancellationException}, so that a timed-out call frees its thread instead of queueing on.
     */
    @Override
    public Optional<BalanceProposal> balance(List<String> hostIds, PolicyProperties properties) {
        try {
            balancing.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("balance call interrupted while waiting for another to finish");
        }
        try {
            return balanceAlone(hostIds, properties);
        } finally {
            balancing.unlock();
        }
    }

    private Optional<BalanceProposal> balanceAlone(List<String> hostIds, PolicyProperties properties) {
        Instant now = clock.instant();
        Optional<ClusterSnapshot> found = registry.clusterOfHosts(hostIds).map(c -> {
            c.verifyShadows(now);
            return c.snapshot(now);
        });
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ClusterSnapshot s = withPolicy(found.get(), properties);
        boolean advisory = s.settings().mode() == PlanningMode.ADVISORY;
        Set<String> offered = new HashSet<>(hostIds);

        // A rollback the shadow monitor decided comes before any new move (not in advisory mode, which asks for none).
        List<Decision> moveBacks = advisory ? List.of() : Planner.pendingMoveBacks(s, ledger);
        if (!moveBacks.isEmpty()) {
            return moveBack(s, moveBacks, offered);
        }

        // A move PWB already asked for and the engine has not started yet is asked for again, not doubled; in
        // advisory mode nothing is asked for, and a move reserved before the switch simply expires.
        for (Shadow pending : advisory ? List.<Shadow>of() : ledger.activeIn(s.clusterId())) {
            if (pending.state() == ShadowState.RESERVED && offered.contains(pending.sourceHostId())
                    && offered.contains(pending.targetHostId()) && !pending.moveBack()) {
                return Optional.of(proposal(s, pending.vmId(), pending.sourceHostId(), pending.targetHostId(), offered));
            }
        }

        PlanningSettings oneMove = s.settings().withCaps(1, 1);
        PlanResult plan = planner.plan(s.withSettings(oneMove), ledger.reservations(s.clusterId()),
                ledger.coolDowns(s.clusterId()));
        Optional<Decision> decision = plan.decisions().stream()
                .filter(d -> offered.contains(d.migration().sourceHostId())
                        && offered.contains(d.migration().targetHostId()))
                .findFirst();
        if (decision.isEmpty()) {
            plan.notes().forEach(n -> LOG.fine(() -> "balance " + s.clusterId() + ": " + n));
            return Optional.empty();
        }
        Decision d = decision.get();
        if (advisory) {
            LOG.info(() -> "advisory: would move VM " + d.migration().vmId() + " from " + d.migration().sourceHostId()
                    + " to " + d.migration().targetHostId() + " (" + d.explanation().summary() + ")");
            record(s, d);
            return Optional.empty();
        }
        LedgerResult reserved = ledger.reserve(new ReservationRequest(s.clusterId(), d.migration(), d.reserve(),
                d.explanation().targetPeakAfter(), s.settings().thresholdUtilisation(), d.id()), now);
        if (!(reserved instanceof LedgerResult.Changed changed)) {
            LOG.info(() -> "balance " + s.clusterId() + ": move of " + d.migration().vmId() + " not reserved: " + reserved);
            return Optional.empty();
        }
        record(s, d.withShadow(changed.events().get(0).shadow().id()));
        LOG.info(() -> "asking the oVirt engine to move VM " + d.migration().vmId() + " from "
                + d.migration().sourceHostId() + " to " + d.migration().targetHostId() + ": " + d.explanation().summary());
        return Optional.of(proposal(s, d.migration().vmId(), d.migration().sourceHostId(), d.migration().targetHostId(),
                offered));
    }

    /**
     * The first pending move back the engine can carry out now (its VM still on the host it was moved to, both
     * hosts offered), with the VM's original host as the only candidate: that is where capacity is held for it.
     * While none can be carried out, nothing new is proposed either (PWB's last move there did harm; fail safe):
     * a move back the engine never performs expires after the shadow timeout like any reservation.
     */
    private Optional<BalanceProposal> moveBack(ClusterSnapshot s, List<Decision> pending, Set<String> offered) {
        askedMoveBacks.removeIf(id -> ledger.find(id).map(sh -> sh.state().terminal()).orElse(true));
        for (Decision d : pending) {
            Migration m = d.migration();
            boolean onSource = s.vm(m.vmId()).map(Vm::hostId).filter(m.sourceHostId()::equals).isPresent();
            if (onSource && offered.contains(m.sourceHostId()) && offered.contains(m.targetHostId())) {
                if (askedMoveBacks.add(d.shadowId())) {
                    record(s, d);
                    LOG.info(() -> "asking the oVirt engine to move VM " + m.vmId() + " back from "
                            + m.sourceHostId() + " to " + m.targetHostId() + ": " + d.explanation().summary());
                }
                return Optional.of(new BalanceProposal(m.vmId(), List.of(m.targetHostId())));
            }
        }
        LOG.info(() -> "balance " + s.clusterId() + ": " + pending.size() + " move back(s) pending, none possible"
                + " now (VM no longer on the host it was moved to, or a host not offered by the engine); no new move"
                + " until they are carried out or expire");
        return Optional.empty();
    }

    private void record(ClusterSnapshot s, Decision d) {
        try {
            decisions.record(new PlanResult(s.clusterId(), s.time(), s.settings().mode(), List.of(d), List.of()));
        } catch (RuntimeException e) {
            // the answer to the engine matters more than the record of it
            LOG.warning(() -> "balance " + s.clusterId() + ": decision " + d.id() + " not recorded: " + e);
        }
    }

    /** The reserved target first, then the next best hosts as alternatives for the engine. */
    private BalanceProposal proposal(ClusterSnapshot s, String vmId, String source, String target, Set<String> offered) {
        List<String> candidates = new ArrayList<>();
        candidates.add(target);
        List<String> others = offered.stream().filter(h -> !h.equals(source) && !h.equals(target)).sorted().toList();
        RankResult r = Placement.forPlanning(s.settings()).rank(context(s, vmId), vmId, others);
        for (RankedHost rh : r.ranked()) {
            if (candidates.size() > EXTRA_CANDIDATES) {
                break;
            }
            candidates.add(rh.host().id());
        }
        return new BalanceProposal(vmId, candidates);
    }

    private PlacementContext cachedContext(ClusterSnapshot base, PlanningSettings settings, String vmId) {
        return new PlacementContext(cache.projection(base, settings, reservationsExcept(base.clusterId(), vmId)),
                ledger.coolDowns(base.clusterId()));
    }

    /**
     * Projection with every active reservation except the VM's own: a VM being moved by PWB must not be kept off
     * the capacity held for it.
     */
    private PlacementContext context(ClusterSnapshot s, String vmId) {
        return PlacementContext.of(s, reservationsExcept(s.clusterId(), vmId), ledger.coolDowns(s.clusterId()));
    }

    private List<Reservation> reservationsExcept(String clusterId, String vmId) {
        List<Reservation> others = new ArrayList<>();
        for (Reservation r : ledger.reservations(clusterId)) {
            if (!r.vmId().equals(vmId)) {
                others.add(r);
            }
        }
        return others;
    }

    private static ClusterSnapshot withPolicy(ClusterSnapshot s, PolicyProperties p) {
        return s.withSettings(PolicySettings.apply(s.settings(), p));
    }
}
