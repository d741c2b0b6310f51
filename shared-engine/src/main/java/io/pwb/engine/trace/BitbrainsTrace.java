package io.pwb.engine.trace;

import io.pwb.engine.series.StepGrid;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads Bitbrains GWA-T-12 VM traces: one CSV file per VM, fields separated by {@code ;} plus a tab, a header line.
 * Traps handled here: the timestamp column says milliseconds but holds epoch SECONDS; CPU percent may exceed 100;
 * rows with 0 cores or 0 memory capacity mean the VM was not provisioned (kept, see {@link Sample#provisioned()});
 * steps are irregular (about 300 s, with gaps).
 */
public final class BitbrainsTrace {
    public static final int NOMINAL_STEP_SECONDS = 300;
    private static final int COLUMNS = 11;
    private static final double KB = 1024.0;

    private BitbrainsTrace() {
    }

    /**
     * One row.
     *
     * @param timestampSeconds     epoch seconds
     * @param cpuCores             provisioned vCPUs (0 when not provisioned)
     * @param cpuCapacityMhz       provisioned CPU capacity
     * @param cpuUsageMhz          CPU used
     * @param cpuPercent           CPU used in percent of the provisioned capacity (may exceed 100)
     * @param memoryCapacityBytes  provisioned memory
     * @param memoryUsageBytes     memory used
     */
    public record Sample(long timestampSeconds, int cpuCores, double cpuCapacityMhz, double cpuUsageMhz,
                         double cpuPercent, double memoryCapacityBytes, double memoryUsageBytes,
                         double diskReadBytesPerSecond, double diskWriteBytesPerSecond,
                         double networkRxBytesPerSecond, double networkTxBytesPerSecond) {
        /** False for the rows with 0 cores or 0 memory capacity, whose usage figures mean nothing. */
        public boolean provisioned() {
            return cpuCores > 0 && memoryCapacityBytes > 0;
        }
    }

    /** The rows of one VM's file, in file order. */
    public record VmTrace(String name, List<Sample> samples) {
        public VmTrace {
            samples = List.copyOf(samples);
        }

        public long unprovisionedRows() {
            return samples.stream().filter(s -> !s.provisioned()).count();
        }

        /**
         * CPU percent on a regular grid of {@code stepSeconds} from the first provisioned row: each row goes to the
         * nearest step, the first row of a step wins, steps without a provisioned row are NaN.
         */
        public TraceSeries cpuPercentSeries(int stepSeconds) {
            List<Sample> ok = samples.stream().filter(Sample::provisioned).toList();
            if (ok.isEmpty()) {
                return new TraceSeries(name, stepSeconds, new double[0]);
            }
            long first = StepGrid.stepIndex(ok.get(0).timestampSeconds(), stepSeconds);
            long last = ok.stream().mapToLong(s -> StepGrid.stepIndex(s.timestampSeconds(), stepSeconds)).max()
                    .orElse(first);
            double[] v = new double[(int) (last - first + 1)];
            Arrays.fill(v, Double.NaN);
            for (Sample s : ok) {
                long i = StepGrid.stepIndex(s.timestampSeconds(), stepSeconds) - first;
                if (i >= 0 && Double.isNaN(v[(int) i])) {
                    v[(int) i] = s.cpuPercent();
                }
            }
            return new TraceSeries(name, stepSeconds, v);
        }
    }

    /** Every {@code *.csv} file in {@code dir}, in file-name order. */
    public static List<VmTrace> readAll(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new TraceFormatException("not a trace folder: " + dir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (files.isEmpty()) {
            throw new TraceFormatException("no Bitbrains .csv files in " + dir);
        }
        List<VmTrace> all = new ArrayList<>();
        for (Path f : files) {
            all.add(readFile(f));
        }
        return all;
    }

    public static VmTrace readFile(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        List<Sample> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (lineNo == 1 && line.startsWith("Timestamp")) {
                    continue;
                }
                rows.add(parse(file, lineNo, line));
            }
        } catch (IOException e) {
            throw new TraceFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new TraceFormatException(file + ": no data rows");
        }
        return new VmTrace(name, rows);
    }

    private static Sample parse(Path file, int lineNo, String line) {
        String[] f = line.split(";", -1);
        if (f.length != COLUMNS) {
            throw new TraceFormatException(file + ":" + lineNo + ": expected " + COLUMNS + " fields separated by ';', got "
                    + f.length);
        }
        double[] v = new double[COLUMNS];
        for (int i = 0; i < COLUMNS; i++) {
            String s = f[i].trim();
            try {
                v[i] = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new TraceFormatException(file + ":" + lineNo + ": field " + (i + 1) + " is not a number: '"
                        + (s.length() > 30 ? s.substring(0, 30) + "..." : s) + "'");
            }
            if (!Double.isFinite(v[i]) || v[i] < 0) {
                throw new TraceFormatException(file + ":" + lineNo + ": field " + (i + 1)
                        + " must be finite and >= 0, got " + s);
            }
        }
        return new Sample((long) v[0], (int) v[1], v[2], v[3], v[4], v[5] * KB, v[6] * KB, v[7] * KB, v[8] * KB,
                v[9] * KB, v[10] * KB);
    }
}
