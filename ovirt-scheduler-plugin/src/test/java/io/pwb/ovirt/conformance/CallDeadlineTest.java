package io.pwb.ovirt.conformance;

import io.pwb.ovirt.engine.EngineSchedulerBackend;
import io.pwb.ovirt.proxy.ExternalSchedulerBackend;
import io.pwb.ovirt.proxy.PolicyProperties;
import io.pwb.ovirt.proxy.SchedulerUnits;
import io.pwb.ovirt.proxy.ScoreTuples;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls past their deadline, through the engine's own XML-RPC client: the call gets a fault, the thread answering it
 * is interrupted and freed (the pools here are as small as the scenario allows, so a following call is served only
 * if it was), and a call that simply timed out logs no warning. The bounds on time are generous: they only tell
 * "ended" from "blocked for good".
 */
class CallDeadlineTest {

    private static final XmlRpcLimits ONE_SECOND = new XmlRpcLimits(1 << 20, 32, 10_000, Duration.ofSeconds(1));
    private static final Duration ENDS = Duration.ofSeconds(60);
    private static final int LIMIT_EXCEEDED = -32000;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r.getLoggerName() + ": " + r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger ovirt = Logger.getLogger("io.pwb.ovirt");

    @BeforeEach
    void listen() {
        ovirt.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        ovirt.removeHandler(capture);
    }

    @Test
    void aBlockedCallGetsAFaultItsThreadIsInterruptedAndTheNextCallIsServed() throws Exception {
        BlocksOnce backend = new BlocksOnce();
        try (EndpointFixture fixture = new EndpointFixture(backend, ScoreTuples.PER_UNIT, ONE_SECOND, Optional.empty(), 1)) {
            EngineClient engine = new EngineClient(fixture.url("/"));
            XmlRpcException late = assertTimeoutPreemptively(ENDS, () -> assertThrows(XmlRpcException.class,
                    () -> engine.runLoadBalancing(SchedulerUnits.BALANCE, HotCluster.HOSTS, null)));
            assertEquals(LIMIT_EXCEEDED, late.code, late.getMessage());
            assertTrue(late.getMessage().contains("not answered within"), late.getMessage());
            assertTimeoutPreemptively(ENDS, () -> backend.interrupted.await(), "the blocked call was interrupted");

            // the only thread is free again
            Object reply = assertTimeoutPreemptively(ENDS,
                    () -> engine.runLoadBalancing(SchedulerUnits.BALANCE, HotCluster.HOSTS, null));
            assertEquals(UUID.fromString(HotCluster.HOT), EngineReplyParser.balanceResult(reply).getKey());
        }
        assertEquals(List.of(), warnings, "a call that timed out is no failure: no warning, no stack trace");
    }

    @Test
    void aBalanceCallWaitingForTheLockLetsGoAtItsDeadline() throws Exception {
        CountDownLatch recording = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch recorded = new CountDownLatch(1);
        AtomicBoolean holderInterrupted = new AtomicBoolean();
        // The first balance call holds the lock while its decision is recorded, and ignores interrupts meanwhile.
        EngineSchedulerBackend backend = new EngineSchedulerBackend(HotCluster.registry(),
                Clock.fixed(HotCluster.NOW, ZoneOffset.UTC), decision -> {
                    if (recording.getCount() > 0) {
                        recording.countDown();
                        holderInterrupted.set(awaitIgnoringInterrupts(release));
                        recorded.countDown();
                    }
                });
        ExecutorService engineThread = Executors.newSingleThreadExecutor();
        try (EndpointFixture fixture = new EndpointFixture(backend, ScoreTuples.PER_UNIT, ONE_SECOND, Optional.empty(), 2)) {
            EngineClient engine = new EngineClient(fixture.url("/"));
            Map<String, String> balance = Map.of("Mode", "balance");
            Future<Object> holder = engineThread.submit(
                    () -> engine.runLoadBalancing(SchedulerUnits.BALANCE, HotCluster.HOSTS, balance));
            assertTimeoutPreemptively(ENDS, () -> recording.await());

            // waits for the lock on the second thread until its deadline
            XmlRpcException late = assertTimeoutPreemptively(ENDS, () -> assertThrows(XmlRpcException.class,
                    () -> engine.runLoadBalancing(SchedulerUnits.BALANCE, HotCluster.HOSTS, balance)));
            assertEquals(LIMIT_EXCEEDED, late.code, late.getMessage());
            // with the first thread still held, a call is answered only if the waiting one freed the second thread
            Object filtered = assertTimeoutPreemptively(ENDS, () -> engine.runFilters(List.of(SchedulerUnits.FILTER),
                    HotCluster.HOSTS, HotCluster.OTHER, ""));
            assertEquals(0, EngineReplyParser.common(filtered).resultCode());
            assertEquals(1, recorded.getCount(), "the first call still held its thread and the lock");

            ExecutionException heldTooLong = assertTimeoutPreemptively(ENDS,
                    () -> assertThrows(ExecutionException.class, holder::get));
            assertEquals(LIMIT_EXCEEDED, ((XmlRpcException) heldTooLong.getCause()).code);
            release.countDown();
            assertTimeoutPreemptively(ENDS, () -> recorded.await());
            assertTrue(holderInterrupted.get(), "the held call's thread was interrupted at its deadline");
            Object again = assertTimeoutPreemptively(ENDS,
                    () -> engine.runLoadBalancing(SchedulerUnits.BALANCE, HotCluster.HOSTS, balance));
            assertEquals(UUID.fromString(HotCluster.HOT), EngineReplyParser.balanceResult(again).getKey(),
                    "the lock is free again: the move reserved by the held call is asked for");
        } finally {
            engineThread.shutdownNow();
        }
        assertEquals(List.of(), warnings, "calls that timed out are no failures");
    }

    /** True when interrupted while waiting (the interrupt is kept). */
    private static boolean awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }
    /** Its first balance call blocks until interrupted, as a call stuck waiting does; later calls answer at once. */
    private static final class BlocksOnce implements ExternalSchedulerBackend {
        final CountDownLatch interrupted = new CountDownLatch(1);
        private final CountDownLatch never = new CountDownLatch(1);
        private volatile boolean blocked;

        @Override
        public List<String> filter(String vmId, List<String> hostIds, PolicyProperties properties) {
            return hostIds;
        }

        @Override
        public Map<String, Integer> score(String vmId, List<String> hostIds, PolicyProperties properties) {
            return Map.of();
        }

        @Override
        public Optional<BalanceProposal> balance(List<String> hostIds, PolicyProperties properties) {
            if (!blocked) {
                blocked = true;
                try {
                    never.await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted");
                }
            }
            return Optional.of(new BalanceProposal(HotCluster.HOT, List.of(HotCluster.H3)));
        }
    }
}
