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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShadowLedgerTest {

    private static ReservationRequest move(String vm, String from, String to) {
        return move("c1", vm, from, to);
    }

    private static ReservationRequest move(String cluster, String vm, String from, String to) {
        return new ReservationRequest(cluster, new Migration(vm, from, to), Resources.of(1000, 1L << 30), 0.6, 0.8,
                "d-" + cluster + "-" + vm);
    }

    private static ShadowState stateIn(ShadowLedger ledger, String cluster, String vm) {
        return ledger.activeFor(cluster, vm).map(Shadow::state).orElse(null);
    }

    @Test
    void stateMachineAllowsOnlyTheDocumentedTransitions() {
        assertEquals(java.util.EnumSet.of(ShadowState.MIGRATING, ShadowState.EXPIRED, ShadowState.ROLLED_BACK),
                ShadowState.RESERVED.next());
        assertTrue(ShadowState.MIGRATING.canMoveTo(ShadowState.VERIFYING));
        assertFalse(ShadowState.RESERVED.canMoveTo(ShadowState.COMMITTED));
        assertTrue(ShadowState.VERIFYING.canMoveTo(ShadowState.EXPIRED), "moved but never verified");
        assertFalse(ShadowState.VERIFYING.canMoveTo(ShadowState.RESERVED));
        for (ShadowState terminal : List.of(ShadowState.COMMITTED, ShadowState.ROLLED_BACK, ShadowState.EXPIRED)) {
            assertTrue(terminal.next().isEmpty());
        }
    }

    @Test
    void illegalRequestsAreRefusedAndRepeatsAreNoOps() {
        List<ShadowEvent> events = new ArrayList<>();
        ShadowLedger ledger = new ShadowLedger(ShadowSettings.DEFAULT, events::add);
        assertTrue(ledger.reserve(move("vm-1", "h1", "h2"), T0).changed());
        assertTrue(ledger.reserve(move("vm-1", "h1", "h3"), T0) instanceof LedgerResult.Rejected,
                "one active shadow per VM");
        assertTrue(ledger.migrationStarted("c1", "vm-1", T0.plusSeconds(10)).changed());
        assertTrue(ledger.migrationStarted("c1", "vm-1", T0.plusSeconds(20)) instanceof LedgerResult.Unchanged);
        assertEquals(1, ledger.vmObserved("c1", "vm-1", "h2", T0.plusSeconds(30)).events().size());
        assertTrue(ledger.vmObserved("c1", "vm-1", "h2", T0.plusSeconds(40)) instanceof LedgerResult.Unchanged);
        assertTrue(ledger.migrationFailed("c1", "vm-1", "late report", T0.plusSeconds(50)) instanceof LedgerResult.Rejected,
                "a VM that arrived cannot have failed to move");
        assertEquals(List.of(ShadowState.RESERVED, ShadowState.MIGRATING, ShadowState.VERIFYING),
                events.stream().map(ShadowEvent::to).toList());
        assertEquals(java.util.Arrays.asList(null, ShadowState.RESERVED, ShadowState.MIGRATING),
                events.stream().map(ShadowEvent::from).toList());
    }

    @Test
    void migratingPastTheTimeoutIsRolledBackAndAVmLandingElsewhereReleasesTheSeat() {
        ShadowLedger ledger = new ShadowLedger(ShadowSettings.DEFAULT, null);
        ledger.reserve(move("vm-1", "h1", "h2"), T0);
        ledger.migrationStarted("c1", "vm-1", T0.plusSeconds(60));
        assertTrue(ledger.tick(T0.plusSeconds(600)).isEmpty(), "the timeout restarts when the migration starts");
        List<ShadowEvent> timedOut = ledger.tick(T0.plusSeconds(660));
        assertEquals(ShadowState.ROLLED_BACK, timedOut.get(0).to());

        ledger.reserve(move("vm-2", "h1", "h2"), T0);
        LedgerResult elsewhere = ledger.vmObserved("c1", "vm-2", "h3", T0.plusSeconds(30));
        assertEquals(ShadowState.EXPIRED, elsewhere.events().get(0).to());
        assertTrue(ledger.reservations("c1").isEmpty());
    }

    @Test
    void restoredLedgerKeepsReservationsCoolDownsAndLifeCycle() {
        ShadowLedger original = new ShadowLedger(ShadowSettings.DEFAULT, null);
        original.reserve(move("vm-1", "h1", "h2"), T0);
        original.reserve(move("vm-2", "h1", "h3"), T0);
        original.migrationFailed("c1", "vm-2", "refused", T0.plusSeconds(60));

        List<ShadowEvent> events = new ArrayList<>();
        ShadowLedger restored = ShadowLedger.restore(ShadowSettings.DEFAULT, events::add, original.all());
        assertTrue(events.isEmpty(), "restoring is not a transition");
        assertEquals(original.reservations("c1"), restored.reservations("c1"));
        assertTrue(restored.coolDowns("c1").hostCoolingDown("h3", T0.plusSeconds(120)));
        assertTrue(restored.coolDowns("c1").vmCoolingDown("vm-2", T0.plusSeconds(120)));
        assertTrue(restored.reserve(move("vm-1", "h1", "h4"), T0) instanceof LedgerResult.Rejected);
        assertEquals(ShadowState.EXPIRED, restored.tick(T0.plusSeconds(600)).get(0).to());

        Shadow active = original.activeFor("c1", "vm-1").orElseThrow();
        Shadow twin = new Shadow("other-id", "c1", "vm-1", "h1", "h5", active.reserved(), 0.5, 0.8,
                ShadowState.RESERVED, T0, T0, T0.plusSeconds(600), null, false, null, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShadowLedger.restore(null, null, List.of(active, twin)));
        assertTrue(e.getMessage().contains("two active shadows"), e.getMessage());
    }

    @Test
    void sameVmAndHostIdsInTwoClustersHaveTheirOwnShadowsAndCoolDowns() {
        ShadowLedger original = new ShadowLedger(ShadowSettings.DEFAULT, null);
        assertTrue(original.reserve(move("c1", "vm-1", "h1", "h2"), T0).changed());
        assertTrue(original.reserve(move("c2", "vm-1", "h1", "h2"), T0).changed(),
                "a VM of the same id in another cluster is another VM");
        assertTrue(original.migrationStarted("c1", "vm-1", T0.plusSeconds(10)).changed());
        assertEquals(ShadowState.MIGRATING, stateIn(original, "c1", "vm-1"));
        assertEquals(ShadowState.RESERVED, stateIn(original, "c2", "vm-1"));

        // Restarted service: both clusters' active shadows come back, each still blocking only its own VM.
        ShadowLedger ledger = ShadowLedger.restore(ShadowSettings.DEFAULT, null, original.all());
        assertEquals(ShadowState.MIGRATING, stateIn(ledger, "c1", "vm-1"));
        assertEquals(ShadowState.RESERVED, stateIn(ledger, "c2", "vm-1"));
        assertEquals(1, ledger.reservations("c1").size());
        assertEquals(1, ledger.reservations("c2").size());
        assertTrue(ledger.reserve(move("c1", "vm-1", "h1", "h3"), T0) instanceof LedgerResult.Rejected);
        assertTrue(ledger.reserve(move("c2", "vm-1", "h1", "h3"), T0) instanceof LedgerResult.Rejected);

        // c2's VM lands on a third host: only c2's reservation is released.
        assertEquals(ShadowState.EXPIRED, ledger.vmObserved("c2", "vm-1", "h3", T0.plusSeconds(20)).events().get(0)
                .to());
        assertEquals(ShadowState.MIGRATING, stateIn(ledger, "c1", "vm-1"));
        assertTrue(ledger.reservations("c2").isEmpty());

        // c1's migration fails: the VM, its target and the pair cool down in c1 only.
        assertTrue(ledger.migrationFailed("c1", "vm-1", "refused", T0.plusSeconds(30)).changed());
        Instant later = T0.plusSeconds(60);
        for (ShadowLedger l : List.of(ledger, ShadowLedger.restore(null, null, ledger.all()))) {
            assertTrue(l.coolDowns("c1").vmCoolingDown("vm-1", later));
            assertTrue(l.coolDowns("c1").hostCoolingDown("h2", later));
            assertTrue(l.coolDowns("c1").pairCoolingDown("vm-1", "h2", later));
            assertFalse(l.coolDowns("c2").vmCoolingDown("vm-1", later));
            assertFalse(l.coolDowns("c2").hostCoolingDown("h2", later));
            assertFalse(l.coolDowns("c2").pairCoolingDown("vm-1", "h2", later));
            assertFalse(l.coolDowns("c2").pairCoolingDown("vm-1", "h1", later));
        }

        // c2 moves its VM; observations naming c1 never touch c2's shadow.
        assertTrue(ledger.reserve(move("c2", "vm-1", "h1", "h2"), later).changed());
        assertTrue(ledger.vmObserved("c1", "vm-1", "h2", later.plusSeconds(10)) instanceof LedgerResult.Unchanged);
        assertTrue(ledger.migrationStarted("c1", "vm-1", later.plusSeconds(10)) instanceof LedgerResult.Rejected);
        assertEquals(ShadowState.RESERVED, stateIn(ledger, "c2", "vm-1"));
        assertEquals(2, ledger.vmObserved("c2", "vm-1", "h2", later.plusSeconds(20)).events().size());
        assertTrue(ledger.targetObserved("c1", "vm-1", 0.99, later.plusSeconds(30)) instanceof LedgerResult.Unchanged,
                "a harmful reading in c1 cannot roll back c2's move");
        assertEquals(ShadowState.VERIFYING, stateIn(ledger, "c2", "vm-1"));
        Instant verified = later.plusSeconds(20 + ShadowSettings.DEFAULT.verificationSeconds());
        assertEquals(ShadowState.COMMITTED, ledger.targetObserved("c2", "vm-1", 0.5, verified).events().get(0).to());
        assertTrue(ledger.activeFor("c2", "vm-1").isEmpty());
        assertTrue(ledger.coolDowns("c2").vmCoolingDown("vm-1", verified));
        assertTrue(ledger.coolDowns("c2").pairCoolingDown("vm-1", "h1", verified));
        assertFalse(ledger.coolDowns("c2").hostCoolingDown("h2", verified), "a committed move cools no host");
    }

    @Test
    void aMoveThePlatformNeverCarriedOutCoolsTheVmDownSoItIsNotAskedForEveryCycle() {
        ShadowLedger ledger = new ShadowLedger(ShadowSettings.DEFAULT, null);
        ledger.reserve(move("vm-1", "h1", "h2"), T0);
        ledger.vmObserved("c1", "vm-1", "h1", T0.plusSeconds(300)); // still on its source
        ShadowEvent expired = ledger.tick(T0.plusSeconds(600)).get(0);
        assertEquals(ShadowState.EXPIRED, expired.to());
        assertTrue(expired.reason().contains("cool-down for 1800 s"), expired.reason());
        Instant expiredAt = T0.plusSeconds(600);
        for (ShadowLedger l : List.of(ledger, ShadowLedger.restore(null, null, ledger.all()))) {
            assertTrue(l.coolDowns("c1").vmCoolingDown("vm-1", expiredAt.plusSeconds(1799)));
            assertFalse(l.coolDowns("c1").vmCoolingDown("vm-1", expiredAt.plusSeconds(1800)));
            assertFalse(l.coolDowns("c1").pairCoolingDown("vm-1", "h1", expiredAt.plusSeconds(1)), "it never left h1");
            assertFalse(l.coolDowns("c1").hostCoolingDown("h2", expiredAt.plusSeconds(1)), "h2 did nothing wrong");
        }

        // A VM the platform placed elsewhere before the deadline did move: no cool-down for a refused move.
        ledger.reserve(move("vm-2", "h1", "h2"), T0);
        ledger.vmObserved("c1", "vm-2", "h3", T0.plusSeconds(30));
        assertFalse(ledger.coolDowns("c1").vmCoolingDown("vm-2", T0.plusSeconds(31)));

        ShadowLedger off = new ShadowLedger(ShadowSettings.DEFAULT.withExpiredCoolDownSeconds(0), null);
        off.reserve(move("vm-1", "h1", "h2"), T0);
        off.tick(expiredAt);
        assertFalse(off.coolDowns("c1").vmCoolingDown("vm-1", expiredAt), "configurable, 0 = off");
    }

    @Test
    void concurrentObservationsYieldEachTransitionOnce() throws Exception {
        List<ShadowEvent> events = Collections.synchronizedList(new ArrayList<>());
        ShadowLedger ledger = new ShadowLedger(ShadowSettings.DEFAULT, events::add);
        int vms = 200;
        for (int i = 0; i < vms; i++) {
            ledger.reserve(move("vm-" + i, "h1", "h2"), T0);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger changed = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < vms; i++) {
                    if (ledger.vmObserved("c1", "vm-" + i, "h2", T0.plusSeconds(60)).changed()) {
                        changed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(vms, changed.get(), "each VM's arrival is applied exactly once");
        assertEquals(vms * 3L, events.size(), "RESERVED, MIGRATING, VERIFYING per VM");
    }
}
