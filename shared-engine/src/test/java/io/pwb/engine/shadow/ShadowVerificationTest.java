package io.pwb.engine.shadow;

import static io.pwb.engine.Clusters.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.model.Migration;
import io.pwb.engine.model.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verification on evidence (no observation -> no success), smoothed rollback (one spike is not harm, a sustained
 * excess is), and a second ledger adopting one cluster's persisted shadows (a replica taking a cluster over).
 * Limit of every shadow here: max(threshold 0.8, predicted 0.6 + tolerance 0.1) = 0.8.
 */
class ShadowVerificationTest {
    private static final Instant ARRIVED = T0.plusSeconds(120);
    private static final Instant WINDOW_END = ARRIVED.plusSeconds(900);

    private final List<ShadowEvent> events = new ArrayList<>();
    private final ShadowLedger ledger = new ShadowLedger(ShadowSettings.DEFAULT, events::add);

    private static ReservationRequest move(String cluster, String vm) {
        return new ReservationRequest(cluster, new Migration(vm, "h1", "h2"), Resources.of(1000, 1L << 30), 0.6, 0.8,
                "d-" + vm);
    }

    /** Reserves vm-1's move h1 -> h2 in c1 and lets it arrive on h2 at {@link #ARRIVED}. */
    private String arrived(ShadowLedger l, String cluster) {
        String id = ((LedgerResult.Changed) l.reserve(move(cluster, "vm-1"), T0)).events().get(0).shadow().id();
        l.vmObserved(cluster, "vm-1", "h2", ARRIVED);
        assertEquals(ShadowState.VERIFYING, l.find(id).orElseThrow().state());
        return id;
    }

    @Test
    void withoutAnyObservationAMoveIsNeverCommittedButEndsUnverified() {
        String id = arrived(ledger, "c1");
        List<ShadowEvent> due = ledger.tick(WINDOW_END);
        assertEquals(1, due.size());
        assertEquals(ShadowState.VERIFYING, due.get(0).to(), "window over without evidence: keeps verifying");
        assertTrue(due.get(0).reason().contains("no load observation of target h2"), due.get(0).reason());
        assertTrue(ledger.tick(WINDOW_END.plusSeconds(600)).isEmpty(), "the extension is noted once");
        assertFalse(ledger.reservations("c1").isEmpty(), "capacity still held while waiting for evidence");

        List<ShadowEvent> gaveUp = ledger.tick(WINDOW_END.plusSeconds(900));
        assertEquals(ShadowState.EXPIRED, gaveUp.get(0).to());
        assertTrue(gaveUp.get(0).reason().startsWith("unverified: no load observation of target h2"),
                gaveUp.get(0).reason());
        assertTrue(ledger.reservations("c1").isEmpty());
        assertTrue(events.stream().noneMatch(e -> e.to() == ShadowState.COMMITTED));
        Shadow expired = ledger.find(id).orElseThrow();
        assertEquals(ShadowState.EXPIRED, expired.state());
        // unlike an expired reservation, the VM did move: a restored ledger keeps it on cool-down
        ShadowLedger restored = ShadowLedger.restore(ShadowSettings.DEFAULT, null, List.of(expired));
        assertTrue(restored.coolDowns("c1").vmCoolingDown("vm-1", ARRIVED.plusSeconds(600)));
        assertTrue(restored.coolDowns("c1").pairCoolingDown("vm-1", "h1", ARRIVED.plusSeconds(600)));
    }

    @Test
    void anObservationDuringTheGraceCommits() {
        String id = arrived(ledger, "c1");
        ledger.tick(WINDOW_END);
        LedgerResult r = ledger.targetObserved("c1", "vm-1", 0.55, WINDOW_END.plusSeconds(200),
                WINDOW_END.plusSeconds(240));
        assertEquals(ShadowState.COMMITTED, r.events().get(0).to());
        assertTrue(r.events().get(0).reason().contains("1 observation(s)"), r.events().get(0).reason());
        assertEquals(ShadowState.COMMITTED, ledger.find(id).orElseThrow().state());
    }

    @Test
    void observationsFromBeforeArrivalOrSeenTwiceCountOnce() {
        arrived(ledger, "c1");
        assertTrue(ledger.targetObserved("c1", "vm-1", 0.5, ARRIVED.minusSeconds(60), ARRIVED.plusSeconds(60))
                instanceof LedgerResult.Unchanged);
        Instant sample = ARRIVED.plusSeconds(300);
        for (int cycle = 0; cycle < 5; cycle++) { // five planning cycles see the same harmful sample
            ledger.targetObserved("c1", "vm-1", 0.95, sample, sample.plusSeconds(60L * cycle));
        }
        assertEquals(ShadowState.VERIFYING, ledger.activeFor("c1", "vm-1").orElseThrow().state(),
                "one sample seen five times is one observation, not sustained harm");
        // and the window cannot commit while the latest observation is above the limit
        assertEquals(ShadowState.VERIFYING, ledger.tick(WINDOW_END).get(0).to());
    }

    @Test
    void oneSpikeDoesNotUndoAGoodMove() {
        String id = arrived(ledger, "c1");
        ledger.targetObserved("c1", "vm-1", 0.62, ARRIVED.plusSeconds(300), ARRIVED.plusSeconds(300));
        LedgerResult spike = ledger.targetObserved("c1", "vm-1", 0.99, ARRIVED.plusSeconds(600),
                ARRIVED.plusSeconds(600));
        assertEquals(ShadowState.VERIFYING, spike.events().get(0).to());
        assertTrue(spike.events().get(0).reason().contains("1 of 3 consecutive"), spike.events().get(0).reason());
        ledger.targetObserved("c1", "vm-1", 0.65, ARRIVED.plusSeconds(900), ARRIVED.plusSeconds(900));
        assertEquals(ShadowState.COMMITTED, ledger.find(id).orElseThrow().state());
        assertTrue(events.stream().noneMatch(e -> e.to() == ShadowState.ROLLED_BACK));
    }

    @Test
    void sustainedHarmRollsBackAndTwoSpikesWithACalmBetweenDoNot() {
        arrived(ledger, "c1");
        Instant t = ARRIVED;
        for (double u : new double[]{0.9, 0.92, 0.7, 0.91, 0.93}) { // interrupted: streak restarts
            t = t.plusSeconds(120);
            ledger.targetObserved("c1", "vm-1", u, t, t);
        }
        assertEquals(ShadowState.VERIFYING, ledger.activeFor("c1", "vm-1").orElseThrow().state());
        t = t.plusSeconds(120);
        LedgerResult third = ledger.targetObserved("c1", "vm-1", 0.94, t, t);
        assertEquals(ShadowState.ROLLED_BACK, third.events().get(0).to());
        assertTrue(third.events().get(0).reason().contains("91.0 %, 93.0 %, 94.0 %"), third.events().get(0).reason());
        assertEquals(new Migration("vm-1", "h2", "h1"), third.events().get(0).moveBack());
    }

    @Test
    void smoothingIsConfigurable() {
        ShadowLedger strict = new ShadowLedger(ShadowSettings.DEFAULT.withHarmfulObservations(1), null);
        arrived(strict, "c1");
        LedgerResult r = strict.targetObserved("c1", "vm-1", 0.95, ARRIVED.plusSeconds(60), ARRIVED.plusSeconds(60));
        assertEquals(ShadowState.ROLLED_BACK, r.events().get(0).to());
        assertThrows(IllegalArgumentException.class, () -> ShadowSettings.DEFAULT.withHarmfulObservations(0));
    }

    @Test
    void aSecondLedgerAdoptsOneClustersPersistedShadowsAndContinuesThem() {
        Map<String, Shadow> persisted = new LinkedHashMap<>(); // what the database holds: the newest of each
        ShadowLedger a = new ShadowLedger(ShadowSettings.DEFAULT, e -> persisted.put(e.shadow().id(), e.shadow()));
        String moving = arrived(a, "c1");
        a.reserve(new ReservationRequest("c1", new Migration("vm-2", "h3", "h4"), Resources.of(500, 1L << 30), 0.5,
                0.8, "d-vm-2"), T0);
        a.reserve(move("c2", "vm-1"), T0); // another cluster, owned by someone else

        List<ShadowEvent> seenByB = new ArrayList<>();
        ShadowLedger b = new ShadowLedger(ShadowSettings.DEFAULT, seenByB::add);
        b.reserve(move("c2", "vm-9"), T0);
        List<Shadow> ofC1 = persisted.values().stream().filter(s -> s.clusterId().equals("c1")).toList();
        assertEquals(2, b.adopt("c1", ofC1));
        assertTrue(seenByB.stream().allMatch(e -> e.shadow().clusterId().equals("c2")), "adopting emits nothing");
        assertEquals(2, b.reservations("c1").size());
        assertEquals(1, b.reservations("c2").size(), "other clusters untouched");
        assertTrue(b.coolDowns("c1").vmCoolingDown("vm-1", ARRIVED.plusSeconds(60)), "move history came along");
        assertTrue(b.reserve(move("c1", "vm-1"), ARRIVED) instanceof LedgerResult.Rejected,
                "no second shadow (no duplicate decision) for a VM already moving");

        Instant seen = ARRIVED.plusSeconds(300);
        b.targetObserved("c1", "vm-1", 0.6, seen, seen);
        b.tick(WINDOW_END);
        assertEquals(ShadowState.COMMITTED, b.find(moving).orElseThrow().state());
        assertTrue(seenByB.stream().anyMatch(e -> e.shadow().id().equals(moving) && e.to() == ShadowState.COMMITTED));

        // the cluster moves on again: b forgets it without a trace in its listener
        int before = seenByB.size();
        assertEquals(2, b.release("c1"));
        assertTrue(b.reservations("c1").isEmpty() && b.activeIn("c1").isEmpty());
        assertFalse(b.coolDowns("c1").vmCoolingDown("vm-1", WINDOW_END));
        assertEquals(before, seenByB.size());
        assertEquals(1, b.all().stream().filter(x -> x.clusterId().equals("c2")).count(), "c2 kept");
        assertThrows(IllegalArgumentException.class, () -> b.adopt("c2", ofC1), "shadows of another cluster");
        assertEquals(1, b.all().stream().filter(x -> x.clusterId().equals("c2")).count(),
                "a refused adoption changes nothing");
        assertTrue(b.tick(WINDOW_END.plusSeconds(86_400)).stream()
                .noneMatch(e -> e.shadow().clusterId().equals("c1")), "released shadows never move on here");
    }
}
