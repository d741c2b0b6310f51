package io.pwb.engine.shadow;

import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.Migration;
import io.pwb.engine.model.Reservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Holds shadows (capacity reservations for planned moves) and drives their life cycle from platform
 * observations. Thread-safe (one lock), idempotent on repeated observations, illegal transitions refused.
 * Never reads a clock: every call takes {@code now}, so replays run it in simulated time. Cool-downs are derived
 * from the shadows, so restoring the shadows restores the cool-downs.
 *
 * <p>One ledger serves every cluster of a registry, and VM and host ids are only unique within a cluster (REST and
 * Kafka producers choose their own), so every lookup and every cool-down is keyed by cluster id and entity id.
 */
public final class ShadowLedger {

    private final ShadowSettings settings;
    private final ShadowListener listener;
    private final Map<String, Shadow> byId = new LinkedHashMap<>();
    private final Map<Key, String> activeByVm = new HashMap<>();
    private final Map<Key, Instant> vmCoolUntil = new HashMap<>();
    private final Map<Key, Instant> hostCoolUntil = new HashMap<>();
    private final Map<PairKey, Instant> pairCoolUntil = new HashMap<>();
    /** Move history: when each VM last left each host (kept for returnMemorySeconds). */
    private final Map<PairKey, Instant> leftAt = new HashMap<>();
    /** What each VERIFYING shadow has seen so far (in memory: a restart or take-over starts collecting anew). */
    private final Map<String, Verification> verifications = new HashMap<>();

    /** Observations of a VERIFYING shadow's target. */
    private static final class Verification {
        int observations;
        double latestUtilisation = Double.NaN;
        Instant latestObservedAt;
        final List<Double> excessStreak = new ArrayList<>();
        boolean extensionNoted;
    }

    /** A VM or host id within its cluster. */
    private record Key(String clusterId, String id) {
    }

    /** A (VM, host) pair within its cluster. */
    private record PairKey(String clusterId, String vmId, String hostId) {
    }

    public ShadowLedger(ShadowSettings settings, ShadowListener listener) {
        this.settings = settings == null ? ShadowSettings.DEFAULT : settings;
        this.listener = listener == null ? ShadowListener.NONE : listener;
    }

    /**
     * A ledger holding previously persisted shadows (no events are emitted for them).
     *
     * @throws IllegalArgumentException on duplicate ids or two active shadows for one VM of one cluster
     */
    public static ShadowLedger restore(ShadowSettings settings, ShadowListener listener,
                                       Collection<Shadow> persisted) {
        ShadowLedger ledger = new ShadowLedger(settings, listener);
        ledger.hold(checked(persisted, null));
        return ledger;
    }

    /**
     * Replaces everything this ledger holds for one cluster (shadows, cool-downs, move history) with that
     * cluster's persisted shadows, without emitting events: a replica taking the cluster over resumes where the
     * previous owner left off. Validated before anything changes.
     *
     * @return how many shadows are now held for the cluster
     * @throws IllegalArgumentException on a shadow of another cluster, duplicate ids or two active shadows per VM
     */
    public synchronized int adopt(String clusterId, Collection<Shadow> persisted) {
        List<Shadow> ordered = checked(persisted, Objects.requireNonNull(clusterId, "clusterId"));
        release(clusterId);
        hold(ordered);
        return ordered.size();
    }

    /**
     * Forgets one cluster's shadows, cool-downs and move history without emitting events (nothing is deleted
     * where they are persisted): a replica that no longer owns the cluster must not act on them.
     *
     * @return how many shadows were dropped
     */
    public synchronized int release(String clusterId) {
        List<String> ids = byId.values().stream().filter(sh -> sh.clusterId().equals(clusterId)).map(Shadow::id)
                .toList();
        ids.forEach(byId::remove);
        ids.forEach(verifications::remove);
        activeByVm.keySet().removeIf(k -> k.clusterId().equals(clusterId));
        vmCoolUntil.keySet().removeIf(k -> k.clusterId().equals(clusterId));
        hostCoolUntil.keySet().removeIf(k -> k.clusterId().equals(clusterId));
        pairCoolUntil.keySet().removeIf(k -> k.clusterId().equals(clusterId));
        leftAt.keySet().removeIf(k -> k.clusterId().equals(clusterId));
        return ids.size();
    }

    /** Persisted shadows oldest first, checked for duplicates, one active shadow per VM and (if given) the cluster. */
    private static List<Shadow> checked(Collection<Shadow> persisted, String clusterId) {
        List<Shadow> ordered = new ArrayList<>(persisted);
        ordered.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        Map<String, Shadow> ids = new HashMap<>();
        Map<Key, String> active = new HashMap<>();
        for (Shadow s : ordered) {
            if (clusterId != null && !clusterId.equals(s.clusterId())) {
                throw new IllegalArgumentException("shadow " + s.id() + " belongs to cluster " + s.clusterId()
                        + ", not " + clusterId);
            }
            if (ids.put(s.id(), s) != null) {
                throw new IllegalArgumentException("duplicate shadow id " + s.id());
            }
            if (s.state().active()) {
                String other = active.putIfAbsent(new Key(s.clusterId(), s.vmId()), s.id());
                if (other != null) {
                    throw new IllegalArgumentException("VM " + s.vmId() + " of cluster " + s.clusterId()
                            + " has two active shadows: " + other + " and " + s.id());
                }
            }
        }
        return ordered;
    }

    private void hold(List<Shadow> ordered) {
        for (Shadow s : ordered) {
            if (s.state().active()) {
                activeByVm.put(new Key(s.clusterId(), s.vmId()), s.id());
            }
            byId.put(s.id(), s);
            noteCoolDowns(s);
        }
    }

    public ShadowSettings settings() {
        return settings;
    }

    /** Holds capacity on the target for a planned move. Refused when the VM already has an active shadow in its cluster. */
    public synchronized LedgerResult reserve(ReservationRequest request, Instant now) {
        Objects.requireNonNull(now, "now");
        Migration m = request.migration();
        String existing = activeByVm.get(new Key(request.clusterId(), m.vmId()));
        if (existing != null) {
            Shadow s = byId.get(existing);
            return new LedgerResult.Rejected("VM " + m.vmId() + " already has active shadow " + existing + " ("
                    + s.state() + " to " + s.targetHostId() + ")");
        }
        Shadow s = new Shadow(UUID.randomUUID().toString(), request.clusterId(), m.vmId(), m.sourceHostId(),
                m.targetHostId(), request.reserved(), request.predictedTargetUtilisation(),
                request.thresholdUtilisation(), ShadowState.RESERVED, now, now,
                now.plusSeconds(settings.timeoutSeconds()), null, false, request.decisionId(), "reserved");
        return new LedgerResult.Changed(List.of(create(s, now)));
    }

    /** The platform reports that it started migrating the VM. */
    public synchronized LedgerResult migrationStarted(String clusterId, String vmId, Instant now) {
        Shadow s = active(clusterId, vmId);
        if (s == null) {
            return new LedgerResult.Rejected("no active shadow for VM " + vmId);
        }
        if (s.state() != ShadowState.RESERVED) {
            return new LedgerResult.Unchanged("shadow " + s.id() + " is already " + s.state());
        }
        return changed(move(s, ShadowState.MIGRATING, now, "migration started",
                now.plusSeconds(settings.timeoutSeconds()), null, null));
    }

    /**
     * The VM was seen running on a host. On the target: MIGRATING (if not yet) then VERIFYING. On a third host:
     * the platform chose another host, the reservation is released (EXPIRED). On the source: still waiting.
     */
    public synchronized LedgerResult vmObserved(String clusterId, String vmId, String hostId, Instant now) {
        Shadow s = active(clusterId, vmId);
        if (s == null) {
            return new LedgerResult.Unchanged("no active shadow for VM " + vmId);
        }
        if (hostId == null || hostId.equals(s.sourceHostId()) || s.state() == ShadowState.VERIFYING) {
            return new LedgerResult.Unchanged("VM " + vmId + " on " + hostId + ": shadow " + s.id() + " stays "
                    + s.state());
        }
        List<ShadowEvent> events = new ArrayList<>();
        if (!hostId.equals(s.targetHostId())) {
            if (s.state() == ShadowState.RESERVED) {
                events.add(move(s, ShadowState.EXPIRED, now, "VM arrived on " + hostId + " instead of "
                        + s.targetHostId() + "; reservation released", s.deadline(), null, null));
                return changed(events);
            }
            return new LedgerResult.Unchanged("VM " + vmId + " seen on " + hostId + " while migrating to "
                    + s.targetHostId());
        }
        if (s.state() == ShadowState.RESERVED) {
            ShadowEvent e = move(s, ShadowState.MIGRATING, now, "VM seen on target", s.deadline(), null, null);
            events.add(e);
            s = e.shadow();
        }
        events.add(move(s, ShadowState.VERIFYING, now, "VM arrived on target; verifying for "
                + settings.verificationSeconds() + " s", s.deadline(), now.plusSeconds(settings.verificationSeconds()),
                null));
        return changed(events);
    }

    /** The platform reports that the migration failed: ROLLED_BACK, cool-down on the VM and the target. */
    public synchronized LedgerResult migrationFailed(String clusterId, String vmId, String why, Instant now) {
        Shadow s = active(clusterId, vmId);
        if (s == null) {
            return new LedgerResult.Unchanged("no active shadow for VM " + vmId);
        }
        if (s.state() == ShadowState.VERIFYING) {
            return new LedgerResult.Rejected("shadow " + s.id() + " already arrived on its target; a failure"
                    + " report cannot apply");
        }
        return changed(move(s, ShadowState.ROLLED_BACK, now, "migration failed: " + why, s.deadline(), null, null));
    }

    /** {@link #targetObserved(String, String, double, Instant, Instant)} with an observation made at {@code now}. */
    public synchronized LedgerResult targetObserved(String clusterId, String vmId, double observedUtilisation,
                                                    Instant now) {
        return targetObserved(clusterId, vmId, observedUtilisation, now, now);
    }

    /**
     * Observed utilisation (0..1, the busiest constrained resource) of the target of the VM's shadow during
     * verification, measured at {@code observedAt} (the same observation twice counts once; one from before the VM
     * arrived does not count). Harmful means above the limit, max(threshold, prediction + tolerance); the move is
     * rolled back (with a move-back) only after {@code harmfulObservations} consecutive harmful observations, so one
     * spike does not undo a good move; each harmful one is noted in the shadow's history. Once the window has
     * passed, the move commits on an observation within the limit.
     */
    public synchronized LedgerResult targetObserved(String clusterId, String vmId, double observedUtilisation,
                                                    Instant observedAt, Instant now) {
        if (!Double.isFinite(observedUtilisation) || observedUtilisation < 0) {
            return new LedgerResult.Rejected("observed utilisation must be finite and non-negative, got "
                    + observedUtilisation);
        }
        Objects.requireNonNull(observedAt, "observedAt");
        Shadow s = active(clusterId, vmId);
        if (s == null || s.state() != ShadowState.VERIFYING) {
            return new LedgerResult.Unchanged("no shadow of VM " + vmId + " is verifying");
        }
        if (observedAt.isBefore(s.verifyUntil().minusSeconds(settings.verificationSeconds()))) {
            return new LedgerResult.Unchanged("observation at " + observedAt + " is from before the VM arrived");
        }
        Verification v = verifications.computeIfAbsent(s.id(), id -> new Verification());
        if (v.latestObservedAt != null && !observedAt.isAfter(v.latestObservedAt)) {
            return new LedgerResult.Unchanged("observation at " + observedAt + " already counted");
        }
        v.latestObservedAt = observedAt;
        v.observations++;
        v.latestUtilisation = observedUtilisation;
        double limit = limit(s);
        if (observedUtilisation > limit) {
            v.excessStreak.add(observedUtilisation);
            int needed = settings.harmfulObservations();
            if (v.excessStreak.size() >= needed) {
                String why = String.format("harmful move: target %s above limit %.1f %% (predicted %.1f %%) in %d"
                                + " consecutive observation(s): %s", s.targetHostId(), limit * 100,
                        s.predictedTargetUtilisation() * 100, needed, percentages(v.excessStreak));
                return rollBackWithMoveBack(s, why, now);
            }
            return changed(note(s, now, String.format("target %s at %.1f %% > limit %.1f %%: %d of %d consecutive"
                            + " observations needed to roll back", s.targetHostId(), observedUtilisation * 100,
                    limit * 100, v.excessStreak.size(), needed)));
        }
        v.excessStreak.clear();
        if (!now.isBefore(s.verifyUntil())) {
            return changed(move(s, ShadowState.COMMITTED, now, String.format(
                    "verified: %d observation(s) of the target, latest %.1f %% within %.1f %%", v.observations,
                    observedUtilisation * 100, limit * 100), s.deadline(), s.verifyUntil(), null));
        }
        return new LedgerResult.Unchanged(String.format("target at %.1f %%, within tolerance",
                observedUtilisation * 100));
    }

    private double limit(Shadow s) {
        return Math.max(s.thresholdUtilisation(), s.predictedTargetUtilisation() + settings.toleranceUtilisation());
    }

    private static String percentages(List<Double> utilisations) {
        StringBuilder b = new StringBuilder();
        for (double u : utilisations) {
            b.append(b.isEmpty() ? "" : ", ").append(String.format("%.1f %%", u * 100));
        }
        return b.toString();
    }

    /**
     * A VERIFYING shadow whose window has passed: commits on evidence (at least one observation, the latest within
     * the limit); without it keeps verifying for the observation grace, then EXPIRES as unverified (fail safe: a
     * move nobody saw working is not reported as a success).
     */
    private ShadowEvent verificationDue(Shadow s, Instant now) {
        Verification v = verifications.get(s.id());
        boolean observed = v != null && v.observations > 0;
        double limit = limit(s);
        if (observed && v.excessStreak.isEmpty()) {
            return move(s, ShadowState.COMMITTED, now, String.format("verification window passed: %d observation(s)"
                            + " of the target, latest %.1f %% within %.1f %%", v.observations,
                    v.latestUtilisation * 100, limit * 100), s.deadline(), s.verifyUntil(), null);
        }
        Instant giveUp = s.verifyUntil().plusSeconds(settings.observationGraceSeconds());
        String missing = observed
                ? String.format("the latest %d observation(s) of target %s above the limit %.1f %% (%s; %d needed to"
                        + " roll back)", v.excessStreak.size(), s.targetHostId(), limit * 100,
                percentages(v.excessStreak), settings.harmfulObservations())
                : "no load observation of target " + s.targetHostId();
        if (!now.isBefore(giveUp)) {
            return move(s, ShadowState.EXPIRED, now, "unverified: " + missing + " by the end of the verification"
                    + " window and " + settings.observationGraceSeconds() + " s more; reservation released, the move"
                    + " is not counted as a success", s.deadline(), s.verifyUntil(), null);
        }
        Verification w = verifications.computeIfAbsent(s.id(), id -> new Verification());
        if (w.extensionNoted) {
            return null;
        }
        w.extensionNoted = true;
        return note(s, now, "verification window passed with " + missing + "; verifying until " + giveUp
                + " before giving up");
    }

    /** A notable event while VERIFYING that changes no state (recorded in the shadow's history). */
    private ShadowEvent note(Shadow s, Instant now, String why) {
        Shadow next = s.to(ShadowState.VERIFYING, now, why, s.deadline(), s.verifyUntil());
        byId.put(next.id(), next);
        ShadowEvent e = new ShadowEvent(next, ShadowState.VERIFYING, ShadowState.VERIFYING, now, why, null);
        listener.onTransition(e);
        return e;
    }

    /**
     * Time passes: RESERVED past its deadline EXPIRES, MIGRATING past it is ROLLED_BACK, VERIFYING past its window
     * COMMITS on evidence or, after the observation grace without evidence, EXPIRES unverified.
     */
    public synchronized List<ShadowEvent> tick(Instant now) {
        return tick(null, now);
    }

    /**
     * {@link #tick(Instant)} for one cluster only (null: all). Each cluster is ticked on its own clock, by whoever
     * owns it: a simulated cluster's time, or another cluster's planning, never moves this cluster's shadows.
     */
    public synchronized List<ShadowEvent> tick(String clusterId, Instant now) {
        List<ShadowEvent> events = new ArrayList<>();
        for (String id : new ArrayList<>(activeByVm.values())) {
            Shadow s = byId.get(id);
            if (clusterId != null && !clusterId.equals(s.clusterId())) {
                continue;
            }
            switch (s.state()) {
                case RESERVED -> {
                    if (!now.isBefore(s.deadline())) {
                        events.add(move(s, ShadowState.EXPIRED, now, "platform did not move the VM within "
                                + settings.timeoutSeconds() + " s; reservation released, VM on cool-down for "
                                + settings.expiredCoolDownSeconds() + " s", s.deadline(), null, null));
                    }
                }
                case MIGRATING -> {
                    if (!now.isBefore(s.deadline())) {
                        events.add(move(s, ShadowState.ROLLED_BACK, now, "migration timed out after "
                                + settings.timeoutSeconds() + " s", s.deadline(), null, null));
                    }
                }
                case VERIFYING -> {
                    if (!now.isBefore(s.verifyUntil())) {
                        ShadowEvent e = verificationDue(s, now);
                        if (e != null) {
                            events.add(e);
                        }
                    }
                }
                default -> {
                }
            }
        }
        forgetOldHistory(clusterId, now);
        return events;
    }

    /** Active reservations of a cluster (what capacity projections subtract). */
    public synchronized List<Reservation> reservations(String clusterId) {
        List<Reservation> out = new ArrayList<>();
        for (String id : activeByVm.values()) {
            Shadow s = byId.get(id);
            if (s.clusterId().equals(clusterId)) {
                out.add(s.reservation());
            }
        }
        return out;
    }

    public synchronized List<Shadow> activeIn(String clusterId) {
        List<Shadow> out = new ArrayList<>();
        for (String id : activeByVm.values()) {
            Shadow s = byId.get(id);
            if (clusterId == null || s.clusterId().equals(clusterId)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The active shadow of a VM of a cluster, if any. */
    public synchronized Optional<Shadow> activeFor(String clusterId, String vmId) {
        return Optional.ofNullable(active(clusterId, vmId));
    }

    public synchronized Optional<Shadow> find(String shadowId) {
        return Optional.ofNullable(byId.get(shadowId));
    }

    /** Every shadow still held (active ones, and terminal ones recent enough to matter for cool-downs). */
    public synchronized List<Shadow> all() {
        return List.copyOf(byId.values());
    }

    /** An immutable copy of the cool-downs in force in one cluster, for one planning cycle or one scheduling call. */
    public synchronized CoolDowns coolDowns(String clusterId) {
        Map<String, Instant> vms = idsOf(vmCoolUntil, clusterId);
        Map<String, Instant> hosts = idsOf(hostCoolUntil, clusterId);
        Map<String, Instant> pairs = new HashMap<>();
        pairCoolUntil.forEach((k, until) -> {
            if (k.clusterId().equals(clusterId)) {
                pairs.put(pairKey(k.vmId(), k.hostId()), until);
            }
        });
        Map<String, Instant> left = new HashMap<>();
        leftAt.forEach((k, at) -> {
            if (k.clusterId().equals(clusterId)) {
                left.put(pairKey(k.vmId(), k.hostId()), at);
            }
        });
        long memory = settings.returnMemorySeconds();
        double extra = settings.returnExtraGainUtilisation();
        return new CoolDowns() {
            @Override
            public double extraGainToReturn(String vmId, String hostId, Instant now) {
                Instant at = left.get(pairKey(vmId, hostId));
                if (at == null || memory <= 0) {
                    return 0;
                }
                double age = Math.max(0, now.getEpochSecond() - at.getEpochSecond());
                return age >= memory ? 0 : extra * (1 - age / memory);
            }

            @Override
            public boolean vmCoolingDown(String vmId, Instant now) {
                return after(vms.get(vmId), now);
            }

            @Override
            public boolean hostCoolingDown(String hostId, Instant now) {
                return after(hosts.get(hostId), now);
            }

            @Override
            public boolean pairCoolingDown(String vmId, String hostId, Instant now) {
                return after(pairs.get(pairKey(vmId, hostId)), now);
            }
        };
    }

    private static Map<String, Instant> idsOf(Map<Key, Instant> coolUntil, String clusterId) {
        Map<String, Instant> out = new HashMap<>();
        coolUntil.forEach((k, until) -> {
            if (k.clusterId().equals(clusterId)) {
                out.put(k.id(), until);
            }
        });
        return out;
    }

    private static boolean after(Instant until, Instant now) {
        return until != null && until.isAfter(now);
    }

    private static String pairKey(String vmId, String hostId) {
        return vmId + '\u0000' + hostId;
    }

    private Shadow active(String clusterId, String vmId) {
        String id = clusterId == null || vmId == null ? null : activeByVm.get(new Key(clusterId, vmId));
        return id == null ? null : byId.get(id);
    }

    private LedgerResult rollBackWithMoveBack(Shadow s, String why, Instant now) {
        List<ShadowEvent> events = new ArrayList<>();
        Migration back = s.moveBack() ? null : new Migration(s.vmId(), s.targetHostId(), s.sourceHostId());
        events.add(move(s, ShadowState.ROLLED_BACK, now, why, s.deadline(), s.verifyUntil(), back));
        if (back != null) {
            // The reverse move holds capacity on the original source like any other move.
            Shadow reverse = new Shadow(UUID.randomUUID().toString(), s.clusterId(), s.vmId(), s.targetHostId(),
                    s.sourceHostId(), s.reserved(), s.predictedTargetUtilisation(), s.thresholdUtilisation(),
                    ShadowState.RESERVED, now, now, now.plusSeconds(settings.timeoutSeconds()), null, true,
                    s.decisionId(), "move back after rollback of " + s.id());
            events.add(create(reverse, now));
        }
        return changed(events);
    }

    private ShadowEvent create(Shadow s, Instant now) {
        byId.put(s.id(), s);
        activeByVm.put(new Key(s.clusterId(), s.vmId()), s.id());
        noteCoolDowns(s);
        ShadowEvent e = new ShadowEvent(s, null, s.state(), now, s.reason(), null);
        listener.onTransition(e);
        return e;
    }

    private ShadowEvent move(Shadow s, ShadowState to, Instant now, String why, Instant deadline,
                             Instant verifyUntil, Migration moveBack) {
        if (!s.state().canMoveTo(to)) {
            // Callers only ask for legal moves; reaching this is a bug in the ledger, not bad input.
            throw new IllegalStateException("illegal shadow transition " + s.state() + " -> " + to + " for "
                    + s.id());
        }
        Shadow next = s.to(to, now, why, deadline, verifyUntil);
        byId.put(next.id(), next);
        if (to.terminal()) {
            activeByVm.remove(new Key(next.clusterId(), next.vmId()), next.id());
            verifications.remove(next.id());
        }
        noteCoolDowns(next);
        ShadowEvent e = new ShadowEvent(next, s.state(), to, now, why, moveBack);
        listener.onTransition(e);
        return e;
    }

    private static LedgerResult changed(ShadowEvent e) {
        return new LedgerResult.Changed(List.of(e));
    }

    private static LedgerResult changed(List<ShadowEvent> events) {
        return new LedgerResult.Changed(events);
    }

    /** Cool-downs implied by one shadow; applied on every transition and on restore. */
    private void noteCoolDowns(Shadow s) {
        Key vm = new Key(s.clusterId(), s.vmId());
        if (notCarriedOut(s)) {
            // Nothing moved, but asking for the same move again next cycle would most likely meet the same refusal.
            extend(vmCoolUntil, vm, s.updatedAt().plusSeconds(settings.expiredCoolDownSeconds()));
            return;
        }
        if (s.state() == ShadowState.RESERVED || (s.state() == ShadowState.EXPIRED && s.verifyUntil() == null)) {
            return; // nothing moved (yet): a reserved VM is held back by its active shadow instead
        }
        if (s.state() != ShadowState.ROLLED_BACK || s.verifyUntil() != null) { // a failed migration never left
            extend(leftAt, new PairKey(s.clusterId(), s.vmId(), s.sourceHostId()), s.createdAt());
        }
        extend(vmCoolUntil, vm, s.createdAt().plusSeconds(settings.vmCoolDownSeconds()));
        // Do not send the VM straight back where it came from (ping-pong).
        if (!s.moveBack()) {
            extend(pairCoolUntil, new PairKey(s.clusterId(), s.vmId(), s.sourceHostId()),
                    s.createdAt().plusSeconds(settings.vmCoolDownSeconds()));
        }
        if (s.state() == ShadowState.ROLLED_BACK) {
            extend(vmCoolUntil, vm, s.updatedAt().plusSeconds(settings.vmCoolDownSeconds()));
            extend(pairCoolUntil, new PairKey(s.clusterId(), s.vmId(), s.targetHostId()),
                    s.updatedAt().plusSeconds(settings.hostCoolDownSeconds()));
            extend(hostCoolUntil, new Key(s.clusterId(), s.targetHostId()),
                    s.updatedAt().plusSeconds(settings.hostCoolDownSeconds()));
        }
    }

    /**
     * A reservation that ran out at its deadline without its VM being seen on the target: the platform did not carry
     * the move out. (A VM seen on a third host at that very moment did move; a cool-down after a move is what any
     * moved VM gets.)
     */
    private static boolean notCarriedOut(Shadow s) {
        return s.state() == ShadowState.EXPIRED && s.verifyUntil() == null && !s.updatedAt().isBefore(s.deadline());
    }

    private static <K> void extend(Map<K, Instant> map, K key, Instant until) {
        map.merge(key, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Drops terminal shadows and cool-downs that can no longer matter, so the ledger stays small. */
    private void forgetOldHistory(String clusterId, Instant now) {
        long keep = Math.max(Math.max(settings.vmCoolDownSeconds(), settings.hostCoolDownSeconds()),
                settings.expiredCoolDownSeconds());
        Instant horizon = now.minusSeconds(keep);
        byId.values().removeIf(s -> (clusterId == null || clusterId.equals(s.clusterId())) && s.state().terminal()
                && s.updatedAt().isBefore(horizon));
        vmCoolUntil.entrySet().removeIf(e -> (clusterId == null || clusterId.equals(e.getKey().clusterId()))
                && !e.getValue().isAfter(now));
        hostCoolUntil.entrySet().removeIf(e -> (clusterId == null || clusterId.equals(e.getKey().clusterId()))
                && !e.getValue().isAfter(now));
        pairCoolUntil.entrySet().removeIf(e -> (clusterId == null || clusterId.equals(e.getKey().clusterId()))
                && !e.getValue().isAfter(now));
        Instant forgotten = now.minusSeconds(settings.returnMemorySeconds());
        leftAt.entrySet().removeIf(e -> (clusterId == null || clusterId.equals(e.getKey().clusterId()))
                && !e.getValue().isAfter(forgotten));
    }
}
