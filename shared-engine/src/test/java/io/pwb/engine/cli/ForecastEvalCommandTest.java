package io.pwb.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ForecastEvalCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new PwbCli());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([-0-9.eE+]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void evaluatesAPlanetLabFolderIntoOneJsonObject(@TempDir Path dir) throws Exception {
        Path date = Files.createDirectories(dir.resolve("20200101"));
        Random r = new Random(4);
        for (int vm = 0; vm < 3; vm++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 288; i++) {
                b.append(Math.max(0, Math.round(30 + 10 * Math.sin(i / 20.0) + 5 * r.nextGaussian()))).append('\n');
            }
            Files.writeString(date.resolve("vm" + vm), b);
        }
        Run run = run("forecast-eval", "--format", "planetlab", "--trace", dir.toString(), "--horizon", "12", "--json");
        assertEquals(0, run.exit(), run.err());
        String json = run.out().trim();
        assertTrue(json.startsWith("{") && json.endsWith("}") && json.lines().count() == 1, json);
        assertEquals(3, number(json, "series"));
        assertEquals(3 * (288 - 24 - 12), number(json, "origins"));
        assertEquals(12, number(json, "horizonSteps"));
        assertEquals(0.95, number(json, "upperQuantile"));
        double coverage = number(json, "upperCoverage");
        assertTrue(coverage > 0 && coverage <= 1);
        assertTrue(number(json, "mae") > 0 && number(json, "rmse") >= number(json, "mae"));
        for (String key : new String[]{"lastValue", "movingAverage12", "ses02"}) {
            assertTrue(json.matches(".*\"" + key + "\":\\{\"mae\":[0-9.]+}.*"), key + " in " + json);
        }
        assertTrue(json.contains("\"models\":{\""), json);
        assertTrue(run.err().contains("3/3 series"), run.err());
    }

    @Test
    void badInputGivesAClearErrorAndExitCode(@TempDir Path dir) throws Exception {
        Run empty = run("forecast-eval", "--format", "planetlab", "--trace", dir.toString(), "--json");
        assertEquals(2, empty.exit());
        assertTrue(empty.err().contains("no PlanetLab trace files"), empty.err());

        Run emptyBitbrains = run("forecast-eval", "--format", "bitbrains", "--trace", dir.toString(), "--json");
        assertEquals(2, emptyBitbrains.exit());
        assertTrue(emptyBitbrains.err().contains("no Bitbrains .csv files"), emptyBitbrains.err());

        Run format = run("forecast-eval", "--format", "alibaba", "--trace", dir.toString(), "--json");
        assertEquals(2, format.exit());
        assertTrue(format.err().contains("unknown --format 'alibaba'"), format.err());

        Files.writeString(dir.resolve("vm1"), "5\n6\nseven\n");
        Run malformed = run("forecast-eval", "--format", "planetlab", "--trace", dir.toString(), "--json");
        assertEquals(2, malformed.exit());
        assertTrue(malformed.err().contains("vm1:3: not a number"), malformed.err());
        assertEquals("", malformed.out());

        Run missing = run("forecast-eval", "--format", "planetlab", "--trace", dir.resolve("nope").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("not a trace folder"), missing.err());
    }
}
