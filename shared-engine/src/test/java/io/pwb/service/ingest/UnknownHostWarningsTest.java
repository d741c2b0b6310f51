package io.pwb.service.ingest;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnknownHostWarningsTest {
    private static final long MINUTE = 60_000;

    private static UnknownHosts.Found found(String cluster, int samples, String... hosts) {
        return new UnknownHosts.Found(cluster, new TreeSet<>(java.util.List.of(hosts)), samples);
    }

    @Test
    void theFirstDropWarnsAtOnceAndTheNextOnesAreSummedIntoOneWarningPerInterval() {
        UnknownHostWarnings warnings = new UnknownHostWarnings(MINUTE);
        Optional<UnknownHostWarnings.Warning> first = warnings.add(found("c1", 3, "ghost"), 0);
        assertEquals(new UnknownHostWarnings.Warning(3, new TreeSet<>(java.util.List.of("ghost")), true), first.orElseThrow());
        for (int i = 1; i <= 100; i++) { // a stream of them within the interval: no warning each
            assertFalse(warnings.add(found("c1", 2, "ghost", "h" + (i % 3)), i * 100L).isPresent(), "sample batch " + i);
        }
        UnknownHostWarnings.Warning next = warnings.add(found("c1", 1, "ghost"), MINUTE).orElseThrow();
        assertEquals(201, next.samples(), "every sample held back since the last warning is in the next one");
        assertEquals(java.util.List.of("ghost", "h0", "h1", "h2"), java.util.List.copyOf(next.hostIds()));
        assertFalse(next.first());
        assertFalse(warnings.add(found("c1", 1, "ghost"), MINUTE + 1).isPresent(), "the interval starts again");
    }

    @Test
    void eachClusterHasItsOwnIntervalAndAWarningNamesAtMostTwentyHosts() {
        UnknownHostWarnings warnings = new UnknownHostWarnings(MINUTE);
        assertTrue(warnings.add(found("c1", 1, "a"), 0).isPresent());
        String[] many = IntStream.range(0, 50).mapToObj(i -> String.format("h%02d", i)).toArray(String[]::new);
        UnknownHostWarnings.Warning other = warnings.add(found("c2", 50, many), 1).orElseThrow();
        assertEquals(UnknownHostWarnings.MAX_HOST_IDS, other.hostIds().size());
        assertEquals(IntStream.range(0, 20).mapToObj(i -> String.format("h%02d", i)).collect(Collectors.toList()),
                java.util.List.copyOf(other.hostIds()));
        assertEquals(50, other.samples());
    }
}
