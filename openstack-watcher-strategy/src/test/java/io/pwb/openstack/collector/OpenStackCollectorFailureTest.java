package io.pwb.openstack.collector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cycle never throws: whatever goes wrong is a failed outcome with the collector's back-off. */
class OpenStackCollectorFailureTest {

    @Test
    void aBugInTheCycleIsAFailedOutcomeWithBackOffLikeAnUnreachableCloud(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
        // The first reading of the clock (at the start of the cycle) fails as a bug would; later ones work.
        AtomicInteger reads = new AtomicInteger();
        Clock buggyOnce = new Clock() {
            @Override
            public Instant instant() {
                if (reads.getAndIncrement() == 0) {
                    throw new NullPointerException("a bug");
                }
                return Instant.parse("2026-01-01T00:00:00Z");
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        OpenStackCollector collector = new OpenStackCollector(new OpenStackSettings("http://127.0.0.1:1/v3", "pwb",
                null, "admin", null, password, null, null, null, Duration.ofHours(1), 300, Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(8)), buggyOnce);

        CollectionOutcome.Failed bug = assertInstanceOf(CollectionOutcome.Failed.class, collector.collect());
        assertTrue(bug.reason().startsWith("unexpected error while collecting: java.lang.NullPointerException: a bug at "
                + OpenStackCollectorFailureTest.class.getName()), bug.reason());
        assertEquals(Duration.ofSeconds(1), bug.retryAfter());

        // Nothing listens on port 1: an ordinary failure, on the same back-off.
        CollectionOutcome.Failed unreachable = assertInstanceOf(CollectionOutcome.Failed.class, collector.collect());
        assertTrue(unreachable.reason().startsWith("OpenStack at http://127.0.0.1:1/v3/auth/tokens cannot be reached: "),
                unreachable.reason());
        assertEquals(Duration.ofSeconds(2), unreachable.retryAfter());
    }
}
