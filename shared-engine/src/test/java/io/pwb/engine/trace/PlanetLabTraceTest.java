package io.pwb.engine.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanetLabTraceTest {
    @Test
    void readsDateFoldersInFileNameOrder(@TempDir Path dir) throws Exception {
        Path date = Files.createDirectories(dir.resolve("20110101"));
        Files.writeString(date.resolve("b"), "1\n2\n\n3\n");
        Files.writeString(date.resolve("a"), "7\n8\n");
        List<TraceSeries> s = PlanetLabTrace.readAll(dir);
        assertEquals(List.of("20110101/a", "20110101/b"), s.stream().map(TraceSeries::name).toList());
        assertArrayEquals(new double[]{1, 2, 3}, s.get(1).values());
        assertEquals(s, List.of(s.get(0), s.get(1)));
        assertEquals(2, PlanetLabTrace.readDate(date).size());
    }

    @Test
    void malformedInputIsAClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("vm"), "5\nabc\n");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> PlanetLabTrace.readAll(dir));
        assertTrue(e.getMessage().contains(":2: not a number"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThrows(TraceFormatException.class, () -> PlanetLabTrace.readAll(empty));
        assertThrows(TraceFormatException.class, () -> PlanetLabTrace.readAll(dir.resolve("missing")));
    }

    @Test
    void readsTheSharedPlanetLabData() {
        var folder = SharedData.folder("planetlab");
        Assumptions.assumeTrue(folder.isPresent(), "shared data absent (../shared/data/planetlab): skipped");
        List<Path> dates = PlanetLabTrace.dateFolders(folder.get());
        assertEquals(6, dates.size());
        List<TraceSeries> first = PlanetLabTrace.readDate(dates.get(0));
        assertEquals(1052, first.size());
        assertEquals(288, first.get(0).length());
    }
}
