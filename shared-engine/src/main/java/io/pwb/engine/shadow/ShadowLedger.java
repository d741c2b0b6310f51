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
        List<Shadow> ordered = new ArrayList<>(persisted);
        ordered.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        for (Shadow s : ordered) {
            if (ledger.byId.containsKey(s.id())) {
                throw new IllegalArgumentException("duplicate shadow id " + s.id());
            }
            if (s.state().active()) {
                String other = ledger.activeByVm.putIfAbsent(new Key(s.clusterId(), s.vmId()), s.id());
                if (other != null) {
                    throw new IllegalArgumentException("VM " + s.vmId() + " of cluster " + s.clusterId()
                            + " has two active shadows: " + other
                            + " and " + s.id());
                }
            }
            ledger.byId.put(s.id(), s);
            ledger.noteCoolDowns(s);
        }
        return ledger;
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

    /**
     * Observed utilisation (0..1, the busiest constrained resource) of the target of the VM's shadow during
     * verification. Harmful (above the threshold and above the prediction plus tolerance) -> ROLLED_BACK with a
     * move-back; after the verification window -> COMMITTED.
     */
    public synchronized LedgerResult targetObserved(String clusterId, String vmId, double observedUtilisation,
                                                    Instant now) {
        if (!Double.isFinite(observedUtilisation) || observedUtilisation < 0) {
            return new LedgerResult.Rejected("observed utilisation must be finite and non-negative, got "
                    + observedUtilisation);
        }
        Shadow s = active(clusterId, vmId);
        if (s == null || s.state() != ShadowState.VERIFYING) {
            return new LedgerResult.Unchanged("no shadow of VM " + vmId + " is verifying");
        }
        double limit = Math.max(s.thresholdUtilisation(), s.predictedTargetUtilisation()
                + settings.toleranceUtilisation());
        if (observedUtilisation > limit) {
            String why = String.format("harmful move: target %s at %.1f %% > limit %.1f %% (predicted %.1f %%)",
                    s.targetHostId(), observedUtilisation * 100, limit * 100, s.predictedTargetUtilisation() * 100);
            return rollBackWithMoveBack(s, why, now);
        }
        if (!now.isBefore(s.verifyUntil())) {
            return changed(move(s, ShadowState.COMMITTED, now, String.format(
                    "verified: target at %.1f %% within %.1f %%", observedUtilisation * 100, limit * 100),
                    s.deadline(), s.verifyUntil(), null));
        }
        return new LedgerResult.Unchanged(String.format("target at %.1f %%, within tolerance",
                observedUtilisation * 100));
    }

    /** Time passes: RESERVED past its deadline EXPIRES, MIGRATING past it is ROLLED_BACK, VERIFYING past its window is COMMITTED. */
    public synchronized List<ShadowEvent> tick(Instant now) {
        List<ShadowEvent> events = new ArrayList<>();
        for (String id : new ArrayList<>(activeByVm.values())) {
            Shadow s = byId.get(id);
            switch (s.state()) {
                case RESERVED -> {
                    if (!now.isBefore(s.deadline())) {
                        events.add(move(s, ShadowState.EXPIRED, now, "platform did not move the VM within "
                                + settings.timeoutSeconds() + " s; reservation released", s.deadline(), null, null));
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
                        events.add(move(s, ShadowState.COMMITTED, now, "verification window passed without harm",
                                s.deadline(), s.verifyUntil(), null));
                    }
                }
                default -> {
                }
            }
        }
        forgetOldHistory(now);
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
        return new CoolDowns() {
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
        if (s.state() == ShadowState.EXPIRED || s.state() == ShadowState.RESERVED) {
            return; // nothing moved (yet): a reserved VM is held back by its active shadow instead
        }
        Key vm = new Key(s.clusterId(), s.vmId());
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

    private static <K> void extend(Map<K, Instant> map, K key, Instant until) {
        map.merge(key, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Drops terminal shadows and cool-downs that can no longer matter, so the ledger stays small. */
    private void forgetOldHistory(Instant now) {
        long keep = Math.max(settings.vmCoolDownSeconds(), settings.hostCoolDownSeconds());
        Instant horizon = now.minusSeconds(keep);
        byId.values().removeIf(s -> s.state().terminal() && s.updatedAt().isBefore(horizon));
        vmCoolUntil.values().removeIf(until -> !until.isAfter(now));
        hostCoolUntil.values().removeIf(until -> !until.isAfter(now));
        pairCoolUntil.values().removeIf(until -> !until.isAfter(now));
    }
}
