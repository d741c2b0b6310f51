package io.pwb.engine.replay;

import io.pwb.engine.cli.PwbCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay commands end to end on small generated trace folders: output, determinism, bad input. */
class ReplayCommandTest {
    @TempDir
    Path dir;

    private Path traceFolder(String name, int vms, long seed) throws IOException {
        Path date = Files.createDirectories(dir.resolve(name));
        Random r = new Random(seed);
        for (int v = 0; v < vms; v++) {
            StringBuilder sb = new StringBuilder();
            int level = 5 + r.nextInt(40);
            for (int s = 0; s < 288; s++) {
                int burst = r.nextInt(20) == 0 ? 40 : 0;
                sb.append(Math.min(99, Math.max(0, level + burst + r.nextInt(11) - 5))).append('\n');
            }
            Files.writeString(date.resolve(String.format("vm-%03d", v)), sb.toString());
        }
        return date;
    }

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new PwbCli()).execute(args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String withoutElapsed(String json) {
        return json.replaceAll("\"elapsedSeconds\":[0-9.Ee-]+", "");
    }

    @Test
    void printsOneJsonObjectWithTheRequiredFieldsAndWritesAReport() throws IOException {
        Path trace = traceFolder("20990101", 40, 7);
        Path report = dir.resolve("r.html");
        Outcome o = run("replay", "--scenario", "balance", "--trace", trace.toString(), "--policy", "ovirt-even",
                "--json", "--report", report.toString());
        assertEquals(0, o.exit(), o.err());
        String json = o.out().trim();
        assertTrue(json.startsWith("{") && json.endsWith("}") && json.lines().count() == 1, json);
        for (String field : new String[]{"policy", "scenario", "vms", "hosts", "energyKwh", "slatah", "pdm", "slav",
                "esv", "migrations", "overloadHostMinutes", "highUtilizationHostMinutes"}) {
            assertTrue(json.contains("\"" + field + "\":"), field + " missing in " + json);
        }
        assertTrue(o.err().contains("288/288"), "progress bar on stderr");
        String html = Files.readString(report);
        assertTrue(html.contains("<svg") && html.contains("Migrations per hour") && html.contains("Host utilisation"));
        // The balance scenario's two-hour warm-up is shaded and labelled in the heat map and the overload timeline.
        assertEquals(2, html.split("warm-up \\(not measured\\)", -1).length - 1, "warm-up marked in both charts");

        Path json1 = Files.writeString(dir.resolve("a.json"), json);
        Outcome none = run("replay", "--scenario", "balance", "--trace", trace.toString(), "--policy", "none", "--json", "--quiet");
        Path json2 = Files.writeString(dir.resolve("b.json"), none.out());
        Path comparison = dir.resolve("c.html");
        Outcome c = run("replay-compare", json1.toString(), json2.toString(), "--report", comparison.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("ovirt-even") && c.out().contains("none"));
        assertTrue(Files.readString(comparison).contains("<svg"));
    }

    @Test
    void compareShowsTheSpreadOverSeedsAndKeepsEverySeedsBar() throws IOException {
        Path trace = traceFolder("20990108", 40, 9);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("replay-compare"));
        long[] migrations = new long[3];
        for (int seed = 1; seed <= 3; seed++) {
            Outcome o = run("replay", "--scenario", "balance", "--trace", trace.toString(), "--policy", "ovirt-even",
                    "--json", "--quiet", "--seed", Integer.toString(seed));
            assertEquals(0, o.exit(), o.err());
            migrations[seed - 1] = Long.parseLong(o.out().replaceAll("(?s).*\"migrations\":(\\d+).*", "$1"));
            args.add(Files.writeString(dir.resolve("s" + seed + ".json"), o.out()).toString());
        }
        Path comparison = dir.resolve("seeds.html");
        args.add("--report");
        args.add(comparison.toString());
        Outcome c = run(args.toArray(String[]::new));
        assertEquals(0, c.exit(), c.err());
        long min = Math.min(migrations[0], Math.min(migrations[1], migrations[2]));
        long max = Math.max(migrations[0], Math.max(migrations[1], migrations[2]));
        String mean = String.format(java.util.Locale.ROOT, "%.0f", (migrations[0] + migrations[1] + migrations[2]) / 3.0);
        String row = c.out().lines().filter(l -> l.startsWith("ovirt-even") && l.contains(" (")).findFirst().orElse("");
        assertTrue(c.out().contains("across seeds") && row.contains(mean + " (" + min + "-" + max + ")"), c.out());
        String html = Files.readString(comparison);
        assertTrue(html.contains("Across seeds"), "spread table in the report");
        for (int seed = 1; seed <= 3; seed++) {
            assertTrue(html.contains("20990108 seed " + seed), "bar of seed " + seed);
        }
    }

    @Test
    void writesTheTimelineAsCsvWithOneRowPerStepAndOneColumnPerHost() throws IOException {
        Path trace = traceFolder("20990106", 40, 7);
        Path csv = dir.resolve("t.csv");
        Outcome o = run("replay", "--scenario", "balance", "--trace", trace.toString(), "--policy", "ovirt-even",
                "--json", "--quiet", "--timeline", csv.toString());
        assertEquals(0, o.exit(), o.err());
        java.util.List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        int hosts = Integer.parseInt(o.out().replaceAll("(?s).*\"hosts\":(\\d+).*", "$1"));
        assertEquals(6 + hosts, header.length, lines.get(0));
        assertEquals("host-000", header[6]);
        assertEquals(1 + 288, lines.size(), "header and one row per step");
        // The balance scenario's two-hour warm-up (24 steps) is marked as not measured.
        assertTrue(lines.get(24).startsWith("23,1.9167,false,"), lines.get(24));
        assertTrue(lines.get(25).startsWith("24,2.0000,true,"), lines.get(25));
        // Migrations started in the CSV add up to the run's count.
        int migrations = lines.stream().skip(1).mapToInt(l -> Integer.parseInt(l.split(",")[5])).sum();
        assertEquals(o.out().replaceAll("(?s).*\"migrations\":(\\d+).*", "$1"), Integer.toString(migrations));
    }

    @Test
    void anUnwritableOutputFileIsAClearError() throws IOException {
        Path trace = traceFolder("20990107", 8, 3);
        Path nowhere = dir.resolve("no-such-folder").resolve("t.csv");
        Outcome o = run("replay", "--scenario", "balance", "--trace", trace.toString(), "--policy", "none",
                "--json", "--quiet", "--timeline", nowhere.toString());
        assertEquals(2, o.exit());
        assertTrue(o.err().startsWith("pwb replay: cannot write " + nowhere), o.err());
    }

    @Test
    void pwbDrivesTheEngineAndReportsItsForecastError() throws IOException {
        Path trace = traceFolder("20990105", 30, 5);
        Outcome o = run("replay", "--scenario", "balance", "--trace", trace.toString(), "--policy", "pwb",
                "--mode", "balance", "--json", "--quiet");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("\"policy\":\"pwb\"") && o.out().contains("\"mode\":\"balance\""), o.out());
        assertTrue(o.out().matches("(?s).*\"forecastMaePercent\":[0-9.]+.*"), o.out());
        o = run("replay", "--scenario", "balance", "--trace", trace.toString(), "--policy", "pwb", "--mode", "fast");
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("unknown mode 'fast'"), o.err());
    }

    @Test
    void sameSeedSameResultOtherSeedOtherPlacement() throws IOException {
        Path trace = traceFolder("20990102", 60, 11);
        String[] args = {"replay", "--scenario", "balance", "--trace", trace.toString(), "--policy", "ovirt-even",
                "--json", "--quiet", "--migration-failure-rate", "0.2", "--seed", "5"};
        Outcome a = run(args);
        Outcome b = run(args);
        assertEquals(0, a.exit(), a.err());
        assertEquals(withoutElapsed(a.out()), withoutElapsed(b.out()));
        args[args.length - 1] = "6";
        Outcome c = run(args);
        assertNotEquals(withoutElapsed(a.out()), withoutElapsed(c.out()));
    }

    @Test
    void badInputGivesAClearErrorAndExitCode() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Outcome o = run("replay", "--scenario", "ccpe2012", "--trace", empty.toString(), "--policy", "thr", "--json");
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("no trace files"), o.err());

        Path bad = traceFolder("20990103", 4, 3);
        Files.writeString(bad.resolve("vm-001"), "12\n13\nabc\n");
        o = run("replay", "--scenario", "ccpe2012", "--trace", bad.toString(), "--policy", "thr", "--json");
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("vm-001:3") && o.err().contains("not a number"), o.err());

        Path good = traceFolder("20990104", 4, 3);
        o = run("replay", "--scenario", "ccpe2012", "--trace", good.toString(), "--policy", "magic", "--json");
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("unknown policy 'magic'") && o.err().contains("thr"), o.err());

        o = run("replay", "--scenario", "nope", "--trace", good.toString(), "--policy", "thr");
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("unknown scenario 'nope'"), o.err());

        o = run("replay", "--scenario", "ccpe2012", "--trace", dir.resolve("missing").toString(), "--policy", "thr");
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("trace folder not found"), o.err());

        o = run("replay-compare", dir.resolve("missing.json").toString());
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("cannot read"), o.err());
    }
}
