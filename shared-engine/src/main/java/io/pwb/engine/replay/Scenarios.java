package io.pwb.engine.replay;

import io.pwb.engine.trace.PlanetLabTrace;
import io.pwb.engine.trace.TraceFormatException;
import io.pwb.engine.trace.TraceSeries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds a named scenario from one PlanetLab date folder. */
public final class Scenarios {
    public static final List<String> NAMES = List.of(Ccpe2012Scenario.NAME, Ccpe2012Scenario.CLOUDSIM_NAME, BalanceScenario.NAME);

    private Scenarios() {
    }

    public static Scenario load(String name, Path dateFolder, long seed) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", NAMES));
        }
        if (dateFolder == null || !Files.isDirectory(dateFolder)) {
            throw new IllegalArgumentException("trace folder not found: " + dateFolder);
        }
        if (PlanetLabTrace.dateFolders(dateFolder).size() != 1 || !PlanetLabTrace.dateFolders(dateFolder).get(0).equals(dateFolder)) {
            throw new IllegalArgumentException(dateFolder + " holds folders; give one date folder (e.g. planetlab/20110303)");
        }
        List<TraceSeries> series = PlanetLabTrace.readDate(dateFolder);
        if (series.isEmpty()) {
            throw new TraceFormatException("no trace files in " + dateFolder);
        }
        String label = dateFolder.getFileName() == null ? dateFolder.toString() : dateFolder.getFileName().toString();
        return switch (name) {
            case Ccpe2012Scenario.NAME -> Ccpe2012Scenario.build(label, series);
            case Ccpe2012Scenario.CLOUDSIM_NAME -> Ccpe2012Scenario.buildCloudSim(label, series);
            default -> BalanceScenario.build(label, series, seed);
        };
    }

    public static String defaultMode(String scenario) {
        return BalanceScenario.NAME.equals(scenario) ? "balance" : "cost";
    }
}
