package io.pwb.ovirt.collector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue of abandoned SSO tokens with a revocation that records, blocks or fails on demand: bounded, revoked off
 * the caller's thread, retried after a failure and given up after a few, never logged. The bounds on time only tell
 * "ended" from "blocked for good".
 */
class AbandonedTokensTest {

    private static final Duration ENDS = Duration.ofSeconds(60);

    private final BlockingQueue<String> revoked = new LinkedBlockingQueue<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            log.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger(AbandonedTokens.class.getName());
    private volatile boolean engineAnswers = true;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private AbandonedTokens tokens;

    @BeforeEach
    void start() {
        logger.addHandler(capture);
        tokens = new AbandonedTokens(token -> {
            gate.await();
            if (!engineAnswers) {
                throw new IllegalStateException("Failed to send request for " + token);
            }
            revoked.add(token);
        });
    }

    @AfterEach
    void stop() {
        tokens.close();
        logger.removeHandler(capture);
        assertTrue(log.stream().noneMatch(l -> l.contains("secret-")), log::toString);
    }

    private static String token(int i) {
        return "secret-" + i;
    }

    private List<String> revokedNext(int n) {
        return assertTimeoutPreemptively(ENDS, () -> {
            List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(revoked.take());
            }
            return out;
        });
    }

    private void awaitEmpty() {
        assertTimeoutPreemptively(ENDS, () -> {
            while (tokens.pending() > 0) {
                Thread.sleep(5);
            }
        });
    }

    @Test
    void atMostEightWaitTheOldestIsLeftToExpire() {
        IntStream.rangeClosed(1, 10).forEach(i -> tokens.add(() -> Optional.of(token(i))));
        assertEquals(AbandonedTokens.MAX_PENDING, tokens.pending());
        assertTrue(revoked.isEmpty(), "nothing is revoked before the engine answers again");
        assertEquals(2, log.stream().filter(l -> l.contains("left to expire")).count(), log::toString);

        tokens.revokeInBackground();
        assertEquals(IntStream.rangeClosed(3, 10).mapToObj(AbandonedTokensTest::token).toList(), revokedNext(8));
        awaitEmpty();
    }

    @Test
    void revokingNeverBlocksTheCaller() throws Exception {
        gate = new CountDownLatch(1); // the engine takes its time
        tokens.add(() -> Optional.of(token(1)));
        assertTimeoutPreemptively(ENDS, () -> {
            tokens.revokeInBackground();
            tokens.add(() -> Optional.of(token(2)));
            tokens.revokeInBackground(); // one revoking thread at a time: this one only queues
        });
        gate.countDown();
        assertEquals(List.of(token(1), token(2)), revokedNext(2));
        awaitEmpty();
    }

    @Test
    void aConnectionThatNeverGotATokenHasNothingToRevoke() {
        tokens.add(Optional::empty);
        tokens.add(() -> {
            throw new IllegalStateException("Connection pool shut down");
        });
        tokens.add(() -> Optional.of(token(3)));
        tokens.revokeInBackground();
        assertEquals(List.of(token(3)), revokedNext(1));
        awaitEmpty();
    }

    @Test
    void aFailedRevocationIsRetriedAfterTheNextSuccessAndGivenUpAfterAFew() throws Exception {
        engineAnswers = false;
        tokens.add(() -> Optional.of(token(1)));
        for (int attempt = 1; attempt < AbandonedTokens.MAX_ATTEMPTS; attempt++) {
            tokens.revokeInBackground();
            int failures = attempt;
            assertTimeoutPreemptively(ENDS, () -> {
                while (log.stream().filter(l -> l.contains("trying again")).count() < failures) {
                    Thread.sleep(5);
                }
            });
            assertEquals(1, tokens.pending(), "kept for the next success");
        }
        tokens.revokeInBackground();
        assertTimeoutPreemptively(ENDS, () -> {
            while (log.stream().noneMatch(l -> l.contains("given up after " + AbandonedTokens.MAX_ATTEMPTS))) {
                Thread.sleep(5);
            }
        });
        assertEquals(0, tokens.pending());
        assertTrue(log.stream().anyMatch(l -> l.contains("Failed to send request for (token)")), log::toString);
        assertTrue(revoked.isEmpty());
    }

    @Test
    void closingLeavesPendingTokensAlone() {
        tokens.add(() -> Optional.of(token(1)));
        tokens.close();
        tokens.revokeInBackground();
        assertTimeoutPreemptively(ENDS, () -> assertEquals(null, revoked.poll(200, TimeUnit.MILLISECONDS)));
    }
}
