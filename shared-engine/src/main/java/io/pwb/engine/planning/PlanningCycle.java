package io.pwb.engine.planning;

import io.pwb.engine.capacity.BurstExposure;
import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.MaintenanceWindow;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.model.Vm;
import io.pwb.engine.placement.HostFilter;
import io.pwb.engine.placement.Placement;
import io.pwb.engine.placement.PlacementContext;
import io.pwb.engine.placement.RankedHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The state of one planning cycle: the projection as moves are planned, the caps left, decisions and notes. */
final class PlanningCycle {

    private final ClusterSnapshot snapshot;
    private final PlanningSettings settings;
    private final Placement placement;
    private final Placement reliefPlacement;
    private final Placement rescuePlacement;
    private PlacementContext ctx;
    private final int[] movesPerHost;
    private final boolean[] evacuating;
    private int budget;
    private final List<Decision> decisions = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    PlanningCycle(ClusterSnapshot snapshot, Collection<Reservation> reservations, CoolDowns coolDowns,
                  List<HostFilter> platformFilters) {
        this.snapshot = snapshot;
        this.settings = snapshot.settings();
        this.placement = Placement.forPlanning(settings, platformFilters);
        this.reliefPlacement = Placement.forRelief(settings, platformFilters);
        this.rescuePlacement = Placement.forRescue(settings, platformFilters);
        this.ctx = PlacementContext.of(snapshot, reservations, coolDowns);
        this.movesPerHost = new int[snapshot.hosts().size()];
        this.evacuating = new boolean[snapshot.hosts().size()];
        this.budget = settings.maxMovesPerCycle(snapshot.hosts().size());
    }

    List<Decision> decisions() {
        return decisions;
    }

    List<String> notes() {
        return notes;
    }

    private ClusterProjection p() {
        return ctx.projection();
    }

    // ---- maintenance evacuation -------------------------------------------------------------------------

    /** Empties hosts ahead of their maintenance window, spreading the moves so the last one lands a cycle early. */
    void evacuate() {
        for (int h = 0; h < p().hostCount(); h++) {
            Host host = p().host(h);
            MaintenanceWindow w = Planner.upcomingWindow(snapshot, host);
            if (w == null && !Planner.draining(host)) {
                continue;
            }
            evacuating[h] = true;
            List<Vm> residents = leavable(host);
            if (residents.isEmpty()) {
                continue;
            }
            long secondsLeft = w == null ? 0 : Math.max(0, Duration.between(snapshot.time(), w.start()).getSeconds());
            long cyclesLeft = Math.max(1, secondsLeft / settings.cycleIntervalSeconds() - 1);
            int quota = (int) Math.min(Integer.MAX_VALUE, (residents.size() + cyclesLeft - 1) / cyclesLeft);
            int allowed = Math.min(quota, Math.min(budget, settings.maxMovesPerHostPerCycle() - movesPerHost[h]));
            if ((long) settings.maxMovesPerHostPerCycle() * cyclesLeft < residents.size()) {
                notes.add("evacuation of " + host.id() + " is behind schedule: " + residents.size() + " VMs left, "
                        + cyclesLeft + " cycles at most " + settings.maxMovesPerHostPerCycle() + " moves each");
            }
            // Biggest first: they are the hardest to place while there is still room.
            residents.sort(Comparator.comparingLong((Vm v) -> v.size().memoryBytes()).reversed());
            int planned = 0;
            for (Vm vm : residents) {
                if (planned >= allowed) {
                    break;
                }
                VmDemand d = p().demand(vm.id());
                String why = unmovable(vm, d);
                if (why != null) {
                    notes.add("cannot evacuate " + vm.id() + " from " + host.id() + ": " + why);
                    continue;
                }
                RankedHost target = firstWithinCaps(placement.rankAll(ctx, vm, d), -1, null);
                if (target == null) {
                    notes.add("no host can take " + vm.id() + " from " + host.id() + " before its maintenance");
                    continue;
                }
                String opens = w == null ? "now (host is being drained)" : "at " + w.start();
                record(DecisionKind.EVACUATE_FOR_MAINTENANCE, Priority.HIGH, vm, d, h, target,
                        "evacuate " + vm.id() + " from " + host.id() + ": maintenance opens " + opens);
                planned++;
            }
        }
    }

    // ---- overload relief --------------------------------------------------------------------------------

    /** Relieves hosts predicted over threshold, most loaded first, choosing the VM with most relief per cost. */
    void relieveOverloads() {
        double threshold = settings.thresholdUtilisation();
        List<Integer> hot = new ArrayList<>();
        for (int h = 0; h < p().hostCount(); h++) {
            Host host = p().host(h);
            if (!evacuating[h] && host.hasUsableCapacity() && host.state().acceptsVms()
                    && p().peakExpectedUtilisation(h) > threshold) {
                hot.add(h);
            } else if (!host.hasUsableCapacity() && !snapshot.vmsOn(host.id()).isEmpty()) {
                notes.add("host " + host.id() + " reports zero CPU or memory capacity: left alone");
            }
        }
        double[] peaks = new double[p().hostCount()];
        for (int h : hot) {
            peaks[h] = p().peakExpectedUtilisation(h);
        }
        hot.sort(Comparator.comparingDouble((Integer h) -> -peaks[h]).thenComparingInt(h -> h));
        for (int h : hot) {
            if (budget <= 0) {
                notes.add("cycle cap of " + settings.maxMovesPerCycle(p().hostCount()) + " moves reached; "
                        + p().host(h).id() + " waits for the next cycle");
                continue;
            }
            relieve(h, threshold);
        }
    }

    private void relieve(int h, double threshold) {
        Host host = p().host(h);
        while (budget > 0 && movesPerHost[h] < settings.maxMovesPerHostPerCycle()) {
            double before = p().peakExpectedUtilisation(h);
            if (before <= threshold) {
                return;
            }
            List<Candidate> candidates = new ArrayList<>();
            int skipped = 0;
            for (Vm vm : leavable(host)) {
                VmDemand d = p().demand(vm.id());
                if (unmovable(vm, d) != null) {
                    skipped++;
                    continue;
                }
                double after = p().peakUtilisationWith(h, d, -1, true);
                double seconds = snapshot.costModel().migrationSeconds(vm.size().memoryBytes(), host, host);
                // Moving a VM away from the VMs it talks to costs too: halve its value when all its
                // dependency weight is local, so an otherwise equal, unattached VM goes first.
                double value = (before - after) / (1.0 + seconds) * (1.0 - 0.5 * localDependencyShare(vm, h));
                candidates.add(new Candidate(vm, d, after, value));
            }
            candidates.sort(Comparator.comparingDouble((Candidate c) -> -c.reliefPerCost)
                    .thenComparing(c -> c.vm.id()));
            boolean moved = false;
            // First a safe target (stays under the threshold minus the minimum gain). When there is none and the
            // host is predicted to overload (over its capacity, not only its threshold), rescue: a target may then
            // cross its threshold but must stay under its capacity minus the minimum gain, and the move must
            // remove at least the minimum gain of the source's excess over its capacity.
            boolean rescue = false;
            for (Placement where : before > 1.0 ? List.of(reliefPlacement, rescuePlacement) : List.of(reliefPlacement)) {
                rescue = where == rescuePlacement;
                for (Candidate c : candidates) {
                    // Hysteresis: the gain counts only the excess over the threshold that the move removes, so a
                    // host predicted just above the threshold is not worth a migration. Some excess must go even
                    // with a minimum gain of 0: a VM without load is never worth a migration.
                    if (before - Math.max(c.sourceAfter, threshold) < settings.minGainUtilisation()
                            || c.sourceAfter >= before) {
                        continue; // even a perfect target could not give the minimum gain
                    }
                    // A rescue's gain is the excess over capacity that it removes: a host predicted just over its
                    // capacity (less than the minimum gain) is not worth taking a target over its threshold.
                    double floor = rescue ? 1.0 : threshold;
                    // Move history: a return to a host the VM left recently must remove more excess (no ping-pong).
                    RankedHost target = firstWithinCaps(where.rankAll(ctx, c.vm, c.demand), -1,
                            t -> before - Math.max(floor, Math.max(c.sourceAfter,
                                    p().peakUtilisationWith(t, c.demand, 1, false))) >= settings.minGainUtilisation()
                                    + ctx.coolDowns().extraGainToReturn(c.vm.id(), p().host(t).id(), snapshot.time()));
                    if (target != null) {
                        String why = rescue
                                ? String.format("%s predicted at %.1f %% (over its capacity) within %d min and no host"
                                        + " can take a VM under its threshold (%.0f %%) less the minimum gain: rescue,"
                                        + " move %s", host.id(), before * 100, settings.horizonSeconds() / 60,
                                        threshold * 100, c.vm.id())
                                : String.format("%s predicted at %.1f %% (threshold %.0f %%) within %d min: move %s",
                                        host.id(), before * 100, threshold * 100, settings.horizonSeconds() / 60,
                                        c.vm.id());
                        record(DecisionKind.RELIEVE_OVERLOAD, Priority.NORMAL, c.vm, c.demand, h, target, why);
                        moved = true;
                        break;
                    }
                }
                if (moved) {
                    break;
                }
            }
            if (!moved) {
                notes.add(String.format("%s predicted at %.1f %% but no safe move (%d movable VMs, %d held back by"
                        + " pinning, cool-down, pending moves or untrusted forecasts)", host.id(), before * 100,
                        candidates.size(), skipped));
                return;
            }
        }
    }

    private record Candidate(Vm vm, VmDemand demand, double sourceAfter, double reliefPerCost) {
    }

    // ---- burst protection ---------------------------------------------------------------------------------

    /**
     * Hysteresis of burst protection, in exposure (share of CPU capacity): smaller than the relief's minimum gain
     * because exposure sits above capacity only while a burster shares a busy host, and one move of a few points
     * usually ends that; measured on the PlanetLab replays, 0.08 here let a third more overload through.
     */
    static final double BURST_MIN_GAIN = 0.05;

    /**
     * Moves one VM off the host most exposed to a burst ({@link BurstExposure} over 1): a host whose forecasts stay
     * under the threshold but that would overload if one of its VMs jumped back to its recent peak. A move must lower
     * the source's exposure by the minimum gain and leave the target unexposed and less exposed than the source was;
     * targets must also pass the planner's filters (under the threshold at every step). At most one move per cycle:
     * exposure is a possibility, not a forecast, so it is worked down gradually rather than all at once.
     */
    void protectFromBursts() {
        if (budget <= 0) {
            return;
        }
        BurstExposure exposure = BurstExposure.of(p());
        double[] exposures = new double[p().hostCount()];
        List<Integer> exposed = new ArrayList<>();
        for (int h = 0; h < p().hostCount(); h++) {
            Host host = p().host(h);
            exposures[h] = exposure.exposure(h);
            if (!evacuating[h] && host.hasUsableCapacity() && host.state().acceptsVms()
                    && movesPerHost[h] < settings.maxMovesPerHostPerCycle() && exposures[h] > 1.0) {
                exposed.add(h);
            }
        }
        exposed.sort(Comparator.comparingDouble((Integer h) -> -exposures[h]).thenComparingInt(h -> h));
        for (int h : exposed) {
            double before = exposures[h];
            Vm best = null;
            VmDemand bestDemand = null;
            RankedHost bestTarget = null;
            double bestWorst = Double.MAX_VALUE;
            for (Vm vm : leavable(p().host(h))) {
                VmDemand d = p().demand(vm.id());
                if (d == null || unmovable(vm, d) != null) {
                    continue;
                }
                double sourceAfter = exposure.exposureWithout(h, vm.id());
                if (before - sourceAfter < BURST_MIN_GAIN) {
                    continue;
                }
                for (RankedHost rh : placement.rankAll(ctx, vm, d)) {
                    int t = rh.hostIndex();
                    if (t == h || movesPerHost[t] >= settings.maxMovesPerHostPerCycle() || leftRecently(vm, t)) {
                        continue;
                    }
                    double targetAfter = exposure.exposureWith(t, d);
                    double worst = Math.max(sourceAfter, targetAfter);
                    if (targetAfter <= Math.min(1.0, before - BURST_MIN_GAIN) && worst < bestWorst) {
                        bestWorst = worst;
                        best = vm;
                        bestDemand = d;
                        bestTarget = rh;
                    }
                }
            }
            if (best != null) {
                VmDemand burster = exposure.largestBurst(h);
                record(DecisionKind.PROTECT_FROM_BURST, Priority.NORMAL, best, bestDemand, h, bestTarget,
                        String.format("%s could not absorb a burst: forecast plus the largest recent jump of one VM"
                                        + " (%s, %.0f MHz) is %.1f %% of its CPU capacity; move %s", p().host(h).id(),
                                burster == null ? "-" : burster.vmId(), burster == null ? 0 : burster.burstCpu(),
                                before * 100, best.id()));
                return;
            }
        }
    }

    // ---- cost-mode consolidation -------------------------------------------------------------------------

    /**
     * Empties lightly used hosts onto hosts that are already on, only when every VM of the host finds a target
     * that stays at or under the threshold at every step (upper forecasts; a VM whose forecasts are not trusted yet
     * counts at its configured size). Moves beyond the caps wait for later cycles, when the whole host is checked
     * again.
     */
    void consolidate() {
        double below = settings.consolidationBelowUtilisation();
        List<Integer> light = new ArrayList<>();
        for (int h = 0; h < p().hostCount(); h++) {
            Host host = p().host(h);
            if (!evacuating[h] && host.state().acceptsVms() && host.hasUsableCapacity()
                    && !p().maintenanceInHorizon(h) && !p().hasArrivals(h) && movesPerHost[h] == 0
                    && !leavable(host).isEmpty() && p().peakExpectedUtilisation(h) < below) {
                light.add(h);
            }
        }
        double[] peaks = new double[p().hostCount()];
        for (int h : light) {
            peaks[h] = p().peakExpectedUtilisation(h);
        }
        light.sort(Comparator.comparingDouble((Integer h) -> peaks[h]).thenComparingInt(h -> h));
        Set<Integer> donors = new HashSet<>();
        for (int h : light) {
            if (budget <= 0) {
                return;
            }
            if (p().hasArrivals(h) || movesPerHost[h] > 0) {
                continue; // it became a target for an earlier donor
            }
            tryToEmpty(h, peaks[h], donors, new HashSet<>(light));
        }
    }

    /**
     * @param light the lightly used hosts: targets of last resort, so that VMs go onto the busier hosts that
     *              stay on anyway (best fit) rather than onto the next host that could have been emptied
     */
    private void tryToEmpty(int h, double peak, Set<Integer> donors, Set<Integer> light) {
        Host host = p().host(h);
        List<Vm> residents = leavable(host);
        for (Vm vm : residents) {
            String why = unmovableEvenAtConfiguredSize(vm);
            if (why != null) {
                notes.add("cost mode keeps " + host.id() + " on: " + vm.id() + " " + why);
                return;
            }
        }
        residents.sort(Comparator.comparingLong((Vm v) -> v.size().memoryBytes()).reversed());
        // Dry run on a scratch projection: all or nothing.
        PlacementContext trial = ctx;
        int[] trialMoves = movesPerHost.clone();
        List<RankedHost> targets = new ArrayList<>();
        List<VmDemand> demands = new ArrayList<>();
        for (Vm vm : residents) {
            VmDemand d = consolidationDemand(vm, trial.projection().demand(vm.id()));
            PlacementContext scratch = trial;
            RankedHost target = null;
            String notBack = null; // a host the move history ruled out, named in the note when nothing else fits
            List<RankedHost> ranked = placement.rankAll(scratch, vm, d);
            // Best fit: the fullest eligible host after the move (ties: the better ranked), so that VMs fill the
            // hosts that stay on instead of spreading over the emptiest ones, which the headroom criterion prefers.
            for (int pass = 0; pass < 2 && target == null; pass++) {
                double fullest = -1;
                for (RankedHost rh : ranked) {
                    int t = rh.hostIndex();
                    boolean awake = !snapshot.vmsOn(rh.host().id()).isEmpty() || scratch.projection().hasArrivals(t);
                    if (t != h && !donors.contains(t) && awake && (pass == 1 || !light.contains(t))
                            && trialMoves[t] < settings.maxMovesPerHostPerCycle()) {
                        if (leftRecently(vm, t)) {
                            notBack = rh.host().id();
                            continue;
                        }
                        double with = scratch.projection().peakUtilisationWith(t, d, 1, false);
                        if (with > fullest) {
                            fullest = with;
                            target = rh;
                        }
                    }
                }
            }
            if (target == null) {
                notes.add(String.format("cost mode keeps %s on (peak %.1f %%): no safe host for %s%s", host.id(),
                        peak * 100, vm.id(), notBack == null ? ""
                                : " (not back to " + notBack + ", which it left recently)"));
                return;
            }
            targets.add(target);
            demands.add(d);
            trialMoves[target.hostIndex()]++;
            trial = trial.withProjection(trial.projection().withPlannedMove(vm.id(), h, target.hostIndex(), d));
        }
        donors.add(h);
        double idleWatts = snapshot.costModel().powerModel(host).idleWatts();
        for (int i = 0; i < residents.size(); i++) {
            if (budget <= 0 || movesPerHost[h] >= settings.maxMovesPerHostPerCycle()) {
                notes.add("emptying " + host.id() + " continues next cycle (" + (residents.size() - i)
                        + " VMs left)");
                return;
            }
            Vm vm = residents.get(i);
            record(DecisionKind.CONSOLIDATE, Priority.NORMAL, vm, demands.get(i), h, targets.get(i),
                    String.format("cost mode: empty %s (peak %.1f %%, below %.0f %%) so it can power down and save"
                                    + " about %.0f W idle", host.id(), peak * 100,
                            settings.consolidationBelowUtilisation() * 100, idleWatts));
        }
    }

    /**
     * Move history for consolidation: the VM left host t within the history window. Relief may still send it back
     * for a clearly larger gain, but emptying a host is optional and has no gain to weigh the return against, so
     * consolidation never does (else relief and consolidation ping-pong the VM).
     */
    private boolean leftRecently(Vm vm, int t) {
        return ctx.coolDowns().extraGainToReturn(vm.id(), p().host(t).id(), snapshot.time()) > 0;
    }

    // ---- shared steps ------------------------------------------------------------------------------------

    /** Share (0..1) of a VM's dependency weight that runs on host h with it. */
    private double localDependencyShare(Vm vm, int h) {
        double total = 0;
        double local = 0;
        for (var e : snapshot.dependencies().neighbours(vm.id()).entrySet()) {
            total += e.getValue();
            if (p().presentOn(e.getKey(), h)) {
                local += e.getValue();
            }
        }
        return total > 0 ? local / total : 0;
    }

    /** Resident VMs that are not already leaving (no pending move). */
    private List<Vm> leavable(Host host) {
        List<Vm> out = new ArrayList<>();
        for (Vm vm : snapshot.vmsOn(host.id())) {
            if (p().arrivingOn(vm.id()) < 0) {
                out.add(vm);
            }
        }
        return out;
    }

    /** Why a VM must not be moved this cycle, or null. */
    private String unmovable(Vm vm, VmDemand d) {
        if (!d.trusted()) {
            return "has untrusted forecasts (" + d.untrustedReason() + ")";
        }
        return unmovableEvenAtConfiguredSize(vm);
    }

    /** Why a VM must not be moved this cycle even when planned at its configured size, or null. */
    private String unmovableEvenAtConfiguredSize(Vm vm) {
        if (!vm.migratable()) {
            return "is pinned or not migratable";
        }
        if (ctx.coolDowns().vmCoolingDown(vm.id(), snapshot.time())) {
            return "is on cool-down after a recent move";
        }
        return null;
    }

    /**
     * The demand a consolidation plans with: the forecasts when they can be trusted, else the VM's configured
     * size, a ceiling it cannot exceed. Emptying a host is optional, so a VM still learning (e.g. every VM in the
     * first hours after PWB starts) need not keep its host on: it moves when a target has room for all of it.
     */
    private static VmDemand consolidationDemand(Vm vm, VmDemand d) {
        return d.trusted() ? d : d.atConfiguredSize(vm.size());
    }

    private RankedHost firstWithinCaps(List<RankedHost> ranked, int exclude,
                                       java.util.function.IntPredicate acceptable) {
        for (RankedHost rh : ranked) {
            int t = rh.hostIndex();
            if (t != exclude && movesPerHost[t] < settings.maxMovesPerHostPerCycle()
                    && (acceptable == null || acceptable.test(t))) {
                return rh;
            }
        }
        return null;
    }

    private void record(DecisionKind kind, Priority priority, Vm vm, VmDemand d, int source, RankedHost target,
                        String summary) {
        ClusterProjection before = p();
        int t = target.hostIndex();
        double sourceBefore = before.peakExpectedUtilisation(source);
        double sourceAfter = before.peakUtilisationWith(source, d, -1, true);
        double targetBefore = before.peakUtilisation(t);
        double targetAfter = before.peakUtilisationWith(t, d, 1, false);
        double seconds = snapshot.costModel().migrationSeconds(vm.size().memoryBytes(), before.host(source),
                target.host());
        Explanation why = new Explanation(summary + String.format(" to %s (%.1f %% -> %.1f %%)",
                target.host().id(), targetBefore * 100, targetAfter * 100), d.forecastSummary(), sourceBefore,
                sourceAfter, targetBefore, targetAfter, seconds,
                target.scores().stream().map(CriterionExplanation::of).toList());
        decisions.add(new Decision(UUID.randomUUID().toString(), snapshot.clusterId(), snapshot.time(), kind,
                priority, Planner.migration(vm.id(), before, source, t), d.peakUpper(), why,
                settings.mode() == PlanningMode.ADVISORY, null));
        ctx = ctx.withProjection(before.withPlannedMove(vm.id(), source, t, d));
        movesPerHost[source]++;
        movesPerHost[t]++;
        budget--;
    }
}
