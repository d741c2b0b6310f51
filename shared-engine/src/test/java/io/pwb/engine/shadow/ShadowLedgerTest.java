package io.pwb.engine.shadow;

import static io.pwb.engine.Clusters.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.model.Migration;
import io.pwb.engine.model.Resources;
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
        return new ReservationRequest("c1", new Migration(vm, from, to), Resources.of(1000, 1L << 30), 0.6, 0.8,
                "d-" + vm);
    }

    @Test
    void stateMachineAllowsOnlyTheDocumentedTransitions() {
        assertEquals(java.util.EnumSet.of(ShadowState.MIGRATING, ShadowState.EXPIRED, ShadowState.ROLLED_BACK),
                ShadowState.RESERVED.next());
        assertTrue(ShadowState.MIGRATING.canMoveTo(ShadowState.VERIFYING));
        assertFalse(ShadowState.RESERVED.canMoveTo(ShadowState.COMMITTED));
        assertFalse(ShadowState.VERIFYING.canMoveTo(ShadowState.EXPIRED));
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
        assertTrue(ledger.migrationStarted("vm-1", T0.plusSeconds(10)).changed());
        assertTrue(ledger.migrationStarted("vm-1", T0.plusSeconds(20)) instanceof LedgerResult.Unchanged);
        assertEquals(1, ledger.vmObserved("vm-1", "h2", T0.plusSeconds(30)).events().size());
        assertTrue(ledger.vmObserved("vm-1", "h2", T0.plusSeconds(40)) instanceof LedgerResult.Unchanged);
        assertTrue(ledger.migrationFailed("vm-1", "late report", T0.plusSeconds(50)) instanceof LedgerResult.Rejected,
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
        ledger.migrationStarted("vm-1", T0.plusSeconds(60));
        assertTrue(ledger.tick(T0.plusSeconds(600)).isEmpty(), "the timeout restarts when the migration starts");
        List<ShadowEvent> timedOut = ledger.tick(T0.plusSeconds(660));
        assertEquals(ShadowState.ROLLED_BACK, timedOut.get(0).to());

        ledger.reserve(move("vm-2", "h1", "h2"), T0);
        LedgerResult elsewhere = ledger.vmObserved("vm-2", "h3", T0.plusSeconds(30));
        assertEquals(ShadowState.EXPIRED, elsewhere.events().get(0).to());
        assertTrue(ledger.reservations("c1").isEmpty());
    }

    @Test
    void restoredLedgerKeepsReservationsCoolDownsAndLifeCycle() {
        ShadowLedger original = new ShadowLedger(ShadowSettings.DEFAULT, null);
        original.reserve(move("vm-1", "h1", "h2"), T0);
        original.reserve(move("vm-2", "h1", "h3"), T0);
        original.migrationFailed("vm-2", "refused", T0.plusSeconds(60));

        List<ShadowEvent> events = new ArrayList<>();
        ShadowLedger restored = ShadowLedger.restore(ShadowSettings.DEFAULT, events::add, original.all());
        assertTrue(events.isEmpty(), "restoring is not a transition");
        assertEquals(original.reservations("c1"), restored.reservations("c1"));
        assertTrue(restored.coolDowns().hostCoolingDown("h3", T0.plusSeconds(120)));
        assertTrue(restored.coolDowns().vmCoolingDown("vm-2", T0.plusSeconds(120)));
        assertTrue(restored.reserve(move("vm-1", "h1", "h4"), T0) instanceof LedgerResult.Rejected);
        assertEquals(ShadowState.EXPIRED, restored.tick(T0.plusSeconds(600)).get(0).to());

        Shadow active = original.activeFor("vm-1").orElseThrow();
        Shadow twin = new Shadow("other-id", "c1", "vm-1", "h1", "h5", active.reserved(), 0.5, 0.8,
                ShadowState.RESERVED, T0, T0, T0.plusSeconds(600), null, false, null, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShadowLedger.restore(null, null, List.of(active, twin)));
        assertTrue(e.getMessage().contains("two active shadows"), e.getMessage());
    }

    @Test
    void expiredReservationsDoNotCoolDownTheVm() {
        ShadowLedger ledger = new ShadowLedger(ShadowSettings.DEFAULT, null);
        ledger.reserve(move("vm-1", "h1", "h2"), T0);
        ledger.tick(T0.plusSeconds(600));
        assertFalse(ledger.coolDowns().vmCoolingDown("vm-1", T0.plusSeconds(601)));
        assertFalse(ledger.coolDowns().pairCoolingDown("vm-1", "h1", T0.plusSeconds(601)));
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
                    if (ledger.vmObserved("vm-" + i, "h2", T0.plusSeconds(60)).changed()) {
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
