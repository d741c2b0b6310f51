package io.pwb.engine.replay;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mean and range over seeds, on hand-computed runs. */
class SeedSpreadTest {

    private static ReplayResult run(String policy, String mode, String date, long seed, double overloadMinutes,
                                    long migrations, double esv) {
        return new ReplayResult(policy, mode, "balance", date, seed, 10, 2, 288, 1.0, 2.0, 0.01, 0.001, 1e-5, esv,
                migrations, 0, overloadMinutes, 0, 0.9, null, 0.1);
    }

    @Test
    void meanAndRangePerPolicyAndDateOverDistinctSeeds() {
        List<SeedSpread> spreads = SeedSpread.of(List.of(
                run("pwb", "balance", "20110303", 1, 300, 100, 3e-6),
                run("ovirt-even", null, "20110303", 1, 700, 250, 9e-6),
                run("pwb", "balance", "20110303", 2, 360, 130, 6e-6),
                run("pwb", "balance", "20110306", 1, 50, 10, 1e-6),   // one seed only: no spread
                run("pwb", "balance", "20110303", 3, 240, 160, 0),
                run("pwb", "cost", "20110303", 2, 999, 1, 1)));       // another mode is another policy

        assertEquals(1, spreads.size(), spreads.toString());
        SeedSpread s = spreads.get(0);
        assertEquals("pwb balance", s.policy());
        assertEquals("20110303", s.label());
        assertEquals(3, s.runs());
        assertEquals(new SeedSpread.Range(300, 240, 360), s.overloadHostMinutes());
        assertEquals(new SeedSpread.Range(130, 100, 160), s.migrations());
        assertEquals(3e-6, s.esv().mean(), 1e-15);
        assertEquals(0, s.esv().min());
        assertEquals(6e-6, s.esv().max());
        assertEquals("300 (240-360)", ReplayReport.range("%.0f", s.overloadHostMinutes()));
    }

    @Test
    void theSameSeedTwiceIsOneRunRepeatedNotASpread() {
        assertTrue(SeedSpread.of(List.of(run("thr", null, "20110303", 4, 10, 5, 1e-6),
                run("thr", null, "20110303", 4, 10, 5, 1e-6))).isEmpty());
        assertTrue(SeedSpread.of(List.of()).isEmpty());
    }
}
