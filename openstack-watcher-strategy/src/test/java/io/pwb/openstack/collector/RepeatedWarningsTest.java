package io.pwb.openstack.collector;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RepeatedWarningsTest {
    private final RepeatedWarnings warnings = new RepeatedWarnings();
    private final List<String> logged = new ArrayList<>();
    private final List<String> repeats = new ArrayList<>();

    private void cycle(CollectionWarning... ws) {
        warnings.report(List.of(ws), logged::add, repeats::add);
    }

    private static CollectionWarning sizeUnknown(String... servers) {
        return CollectionWarning.about("size unknown", List.of(servers), "size unknown of " + servers.length
                + " server(s): " + String.join(", ", servers));
    }

    @Test
    void theSameAffectedServersAreWarnedOnceThenOnlyRepeated() {
        cycle(sizeUnknown("s1", "s2"));
        cycle(sizeUnknown("s2", "s1"));
        cycle(sizeUnknown("s1", "s2"));

        assertEquals(List.of("size unknown of 2 server(s): s1, s2"), logged);
        assertEquals(2, repeats.size(), repeats.toString());
    }

    /** The message names the first few only; a change among the others is a change all the same. */
    @Test
    void anotherSetOfServersIsWarnedAgainEvenWithTheSameMessage() {
        cycle(new CollectionWarning("size unknown", Set.of("s1", "s7"), "2 server(s): s1, ..."));
        cycle(new CollectionWarning("size unknown", Set.of("s1", "s8"), "2 server(s): s1, ..."));

        assertEquals(2, logged.size(), logged.toString());
        assertEquals(List.of(), repeats);
    }

    @Test
    void aWarningThatClearsIsWarnedAgainWhenItComesBack() {
        cycle(sizeUnknown("s1"), CollectionWarning.of("capacity unknown of cmp1"));
        cycle(CollectionWarning.of("capacity unknown of cmp1"));
        cycle(sizeUnknown("s1"), CollectionWarning.of("capacity unknown of cmp1"));

        assertEquals(List.of("size unknown of 1 server(s): s1", "capacity unknown of cmp1",
                "size unknown of 1 server(s): s1"), logged);
        assertEquals(List.of("capacity unknown of cmp1", "capacity unknown of cmp1"), repeats);
    }

    @Test
    void aWarningWithoutSubjectsIsNewWhenItsMessageChanges() {
        cycle(CollectionWarning.of("skipped 2 value(s)"));
        cycle(CollectionWarning.of("skipped 3 value(s)"));

        assertEquals(List.of("skipped 2 value(s)", "skipped 3 value(s)"), logged);
    }
}
