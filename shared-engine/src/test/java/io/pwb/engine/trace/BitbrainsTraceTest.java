package io.pwb.engine.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BitbrainsTraceTest {
    static final String HEADER = "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\t"
            + "CPU usage [%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput [KB/s];\t"
            + "Disk write throughput [KB/s];\tNetwork received throughput [KB/s];\tNetwork transmitted throughput [KB/s]";

    static String row(long ts, int cores, double pct, double memKb) {
        return ts + ";\t" + cores + ";\t5851.9989;\t" + (58.519989 * pct) + ";\t" + pct + ";\t" + memKb + ";\t1000.0;\t"
                + "1.5;\t2.0;\t0.25;\t0.5";
    }

    @Test
    void readsSecondsTimestampsOverHundredPercentAndUnprovisionedRows(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("7.csv"), String.join("\n", HEADER,
                row(1372629804, 2, 10.5, 8218624), row(1372630104, 0, 0, 0), row(1372630406, 2, 106.4, 8218624),
                row(1372630996, 2, 20, 8218624)) + "\n");
        List<BitbrainsTrace.VmTrace> all = BitbrainsTrace.readAll(dir);
        assertEquals(1, all.size());
        BitbrainsTrace.VmTrace vm = all.get(0);
        assertEquals("7", vm.name());
        assertEquals(4, vm.samples().size());
        assertEquals(1372629804L, vm.samples().get(0).timestampSeconds(), "seconds, despite the header");
        assertEquals(8218624 * 1024.0, vm.samples().get(0).memoryCapacityBytes());
        assertEquals(1.5 * 1024, vm.samples().get(0).diskReadBytesPerSecond(), 1e-9);
        assertFalse(vm.samples().get(1).provisioned());
        assertEquals(1, vm.unprovisionedRows());
        assertEquals(106.4, vm.samples().get(2).cpuPercent());

        TraceSeries grid = vm.cpuPercentSeries(300);
        // steps: 0 (10.5), 1 unprovisioned -> NaN, 2 (106.4), 3 missing -> NaN, 4 (20)
        assertEquals(5, grid.length());
        assertEquals(10.5, grid.values()[0]);
        assertTrue(Double.isNaN(grid.values()[1]));
        assertEquals(106.4, grid.values()[2]);
        assertTrue(Double.isNaN(grid.values()[3]));
        assertEquals(20, grid.values()[4]);
    }

    @Test
    void malformedInputIsAClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("1.csv"), HEADER + "\n" + row(1, 2, 5, 10) + "\n1372630104;\t2;\tabc\n");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> BitbrainsTrace.readAll(dir));
        assertTrue(e.getMessage().contains("1.csv:3: expected 11 fields"), e.getMessage());
        Files.writeString(dir.resolve("1.csv"), HEADER + "\n" + row(1, 2, 5, 10).replace("5.0;", "x;") + "\n");
        e = assertThrows(TraceFormatException.class, () -> BitbrainsTrace.readAll(dir));
        assertTrue(e.getMessage().contains("1.csv:2: field 5 is not a number"), e.getMessage());
        Files.writeString(dir.resolve("1.csv"), HEADER + "\n");
        assertThrows(TraceFormatException.class, () -> BitbrainsTrace.readAll(dir));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(TraceFormatException.class, () -> BitbrainsTrace.readAll(empty));
        assertTrue(e.getMessage().contains("no Bitbrains .csv files"), e.getMessage());
    }

    @Test
    void readsTheSharedBitbrainsData() {
        var folder = SharedData.folder("bitbrains");
        Assumptions.assumeTrue(folder.isPresent(), "shared data absent (../shared/data/bitbrains): skipped");
        List<BitbrainsTrace.VmTrace> all = BitbrainsTrace.readAll(folder.get());
        assertEquals(30, all.size());
        for (BitbrainsTrace.VmTrace vm : all) {
            assertTrue(vm.samples().size() >= 8000, vm.name());
            long first = vm.samples().get(0).timestampSeconds();
            assertTrue(first > 1_300_000_000L && first < 1_400_000_000L, "2013 in epoch seconds: " + first);
        }
    }
}
