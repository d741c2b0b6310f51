package io.pwb.engine.replay;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a run's per-step series as CSV, one row per step, for analysis outside PWB: step, hour, whether the step
 * is measured (false in the warm-up), overloaded and active hosts, migrations started, then every host's mean CPU
 * utilisation over the step (empty while the host is off).
 */
public final class ReplayTimelineCsv {

    private ReplayTimelineCsv() {
    }

    public static void write(Path file, ReplayTimeline t) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("step,hour,measured,overloaded_hosts,active_hosts,migrations_started");
            for (String host : t.hostIds()) {
                w.write(',');
                w.write(host);
            }
            w.write('\n');
            double hoursPerStep = t.stepSeconds() / 3600.0;
            for (int s = 0; s < t.hostUtilisation().length; s++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%d,%.4f,%b,%d,%d,%d", s,
                        s * hoursPerStep, s >= t.warmupSteps(), t.overloadedHosts()[s], t.activeHosts()[s],
                        t.migrations()[s]));
                for (float u : t.hostUtilisation()[s]) {
                    row.append(',');
                    if (!Float.isNaN(u)) {
                        row.append(String.format(Locale.ROOT, "%.4f", u));
                    }
                }
                w.write(row.append('\n').toString());
            }
        }
    }
}
