package io.pwb.engine.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads PlanetLab CoMon traces as distributed with CloudSim: a date folder holds one file per VM, one integer CPU
 * percent per line at 300 s steps. A folder of date folders is read date by date. Files are taken in file-name
 * order (CloudSim's order, which the ccpe2012 VM-type assignment depends on).
 */
public final class PlanetLabTrace {
    public static final int STEP_SECONDS = 300;

    private PlanetLabTrace() {
    }

    /** The date folders under {@code dir}, or {@code dir} itself when it directly holds trace files. */
    public static List<Path> dateFolders(Path dir) {
        requireDirectory(dir);
        List<Path> subdirs = list(dir).stream().filter(Files::isDirectory).toList();
        if (!subdirs.isEmpty()) {
            return subdirs;
        }
        return List.of(dir);
    }

    /** Every series under {@code dir} (a date folder or a folder of dates). */
    public static List<TraceSeries> readAll(Path dir) {
        List<TraceSeries> all = new ArrayList<>();
        for (Path date : dateFolders(dir)) {
            all.addAll(readDate(date));
        }
        if (all.isEmpty()) {
            throw new TraceFormatException("no PlanetLab trace files under " + dir);
        }
        return all;
    }

    /** The series of one date folder, in file-name order. */
    public static List<TraceSeries> readDate(Path dateDir) {
        requireDirectory(dateDir);
        List<TraceSeries> series = new ArrayList<>();
        String date = dateDir.getFileName() == null ? "" : dateDir.getFileName().toString();
        for (Path file : list(dateDir)) {
            if (Files.isRegularFile(file) && !file.getFileName().toString().startsWith(".")) {
                series.add(new TraceSeries(date + "/" + file.getFileName(), STEP_SECONDS, readFile(file)));
            }
        }
        return series;
    }

    /** One trace file: integer (or decimal) percent per line; blank lines are ignored. */
    public static double[] readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new TraceFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        double[] values = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(line);
            } catch (NumberFormatException e) {
                throw new TraceFormatException(file + ":" + (i + 1) + ": not a number: '" + abbreviate(line) + "'");
            }
            if (!Double.isFinite(v) || v < 0) {
                throw new TraceFormatException(file + ":" + (i + 1) + ": CPU percent must be finite and >= 0, got " + line);
            }
            values[n++] = v;
        }
        if (n == 0) {
            throw new TraceFormatException(file + ": empty trace file");
        }
        return n == values.length ? values : java.util.Arrays.copyOf(values, n);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void requireDirectory(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new TraceFormatException("not a trace folder: " + dir);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
