package io.pwb.engine.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.engine.replay.ReplayReport;
import io.pwb.engine.replay.ReplayResult;
import io.pwb.engine.replay.SeedSpread;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./pwb replay-compare}: a table (and optionally an HTML report) of several replay results. */
@Command(name = "replay-compare", mixinStandardHelpOptions = true,
        description = "Compare replay results (the JSON printed by 'pwb replay --json'), one file per run.")
public final class ReplayCompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN.json", description = "result files")
    List<Path> runs;

    @Option(names = "--report", description = "write a self-contained HTML comparison to this file")
    Path report;

    @Override
    public Integer call() throws IOException {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        List<ReplayResult> results = new ArrayList<>();
        for (Path run : runs) {
            try {
                results.add(mapper.readValue(Files.readString(run), ReplayResult.class));
            } catch (IOException e) {
                System.err.println("pwb replay-compare: cannot read " + run + ": " + e.getMessage().lines().findFirst().orElse(""));
                return 2;
            }
        }
        System.out.printf(Locale.ROOT, "%-18s %-9s %-9s %6s %10s %9s %9s %11s %11s %10s %10s%n", "policy", "scenario",
                "date", "seed", "energyKwh", "slatah%", "pdm%", "esv", "migrations", "overMin", "highMin");
        for (ReplayResult r : results) {
            System.out.printf(Locale.ROOT, "%-18s %-9s %-9s %6d %10.2f %9.3f %9.4f %11.3e %11d %10.0f %10.0f%n",
                    r.policyLabel(), r.scenario(), r.label(), r.seed(), r.energyKwh(),
                    100 * r.slatah(), 100 * r.pdm(), r.esv(), r.migrations(), r.overloadHostMinutes(),
                    r.highUtilizationHostMinutes());
        }
        List<SeedSpread> spreads = SeedSpread.of(results);
        if (!spreads.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nacross seeds: mean (min-max)%n%-18s %-9s %-9s %4s %22s %18s %31s%n", "policy",
                    "scenario", "date", "runs", "overloadMin", "migrations", "esv");
            for (SeedSpread s : spreads) {
                System.out.printf(Locale.ROOT, "%-18s %-9s %-9s %4d %22s %18s %31s%n", s.policy(), s.scenario(),
                        s.label(), s.runs(), ReplayReport.range("%.0f", s.overloadHostMinutes()),
                        ReplayReport.range("%.0f", s.migrations()), ReplayReport.range("%.3e", s.esv()));
            }
        }
        if (report != null) {
            ReplayReport.writeComparison(report, results);
            System.err.println("report written to " + report);
        }
        return 0;
    }
}
