package io.pwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pwb.engine.replay.ReplayPolicies;
import io.pwb.engine.replay.ReplayPolicy;
import io.pwb.engine.replay.ReplayReport;
import io.pwb.engine.replay.ReplayRunner;
import io.pwb.engine.replay.ReplayTimelineCsv;
import io.pwb.engine.replay.Scenario;
import io.pwb.engine.replay.Scenarios;
import io.pwb.engine.sim.MigrationFailures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./pwb replay}: one policy over one PlanetLab date in simulated time. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a PlanetLab date folder on a simulated cluster under one policy and report energy, "
                + "SLA violations, overload time and migrations.")
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--scenario", required = true, description = "ccpe2012 or balance")
    String scenario;

    @Option(names = "--trace", required = true, description = "one PlanetLab date folder (one file per VM)")
    Path trace;

    @Option(names = "--policy", required = true, description = "none, thr, lr, ovirt-even, watcher-wb or pwb")
    String policy;

    @Option(names = "--mode", description = "pwb only: balance or cost (default: cost for ccpe2012, balance for balance)")
    String mode;

    @Option(names = "--seed", defaultValue = "1", description = "seed for initial placement and injected failures (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--migration-failure-rate", defaultValue = "0", description = "probability that a migration fails (default ${DEFAULT-VALUE})")
    double failureRate;

    @Option(names = "--warmup-steps", description = "steps in which policies only observe and nothing is measured "
            + "(default: 0 for ccpe2012, 24 = 2 h for balance)")
    Integer warmupSteps;

    @Option(names = "--ovirt-balancing-interval", description = "ovirt-even only: seconds between its balancing cycles"
            + " (default: one cycle per trace sample; 60 = the engine's default VdsLoadBalancingIntervalInMinutes)")
    Double ovirtBalancingInterval;

    @Option(names = "--json", description = "print the result as one JSON object")
    boolean json;

    @Option(names = "--report", description = "write a self-contained HTML report to this file")
    Path report;

    @Option(names = "--timeline", description = "write every step's host utilisation, overloaded and active hosts and"
            + " migrations as CSV to this file")
    Path timeline;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        try {
            Scenario sc = Scenarios.load(scenario, trace, seed);
            if (warmupSteps != null) {
                sc = sc.withWarmupSteps(warmupSteps);
            }
            String effectiveMode = mode != null ? mode : Scenarios.defaultMode(scenario);
            ReplayPolicy p = ReplayPolicies.create(policy, effectiveMode, sc, seed,
                    ovirtBalancingInterval != null ? ovirtBalancingInterval : sc.stepSeconds());
            ProgressBar bar = quiet ? null : new ProgressBar(err, policy + " " + sc.label());
            ReplayRunner.Run run = ReplayRunner.run(sc, p, "pwb".equals(policy) ? effectiveMode : null, seed,
                    failureRate > 0 ? MigrationFailures.random(failureRate, seed) : MigrationFailures.none(),
                    bar == null ? null : bar::update);
            if (bar != null) {
                bar.finish();
            }
            ObjectMapper mapper = new ObjectMapper();
            if (json) {
                System.out.println(mapper.writeValueAsString(run.result()));
            } else {
                System.out.println(mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(run.result()));
            }
            Path writing = null;
            try {
                if (report != null) {
                    writing = report;
                    ReplayReport.write(report, run);
                    err.println("report written to " + report);
                }
                if (timeline != null) {
                    writing = timeline;
                    ReplayTimelineCsv.write(timeline, run.timeline());
                    err.println("timeline written to " + timeline);
                }
            } catch (java.io.IOException e) {
                // The result is on stdout already; say which file could not be written.
                err.println("pwb replay: cannot write " + writing + ": " + e);
                return 2;
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | io.pwb.engine.trace.TraceFormatException e) {
            err.println("pwb replay: " + e.getMessage());
            return 2;
        }
    }

    /** A one-line progress bar on stderr. */
    static final class ProgressBar {
        private final PrintStream out;
        private final String label;
        private int lastPercent = -1;

        ProgressBar(PrintStream out, String label) {
            this.out = out;
            this.label = label;
        }

        void update(int done, int total) {
            int percent = (int) (100L * done / total);
            if (percent != lastPercent) {
                lastPercent = percent;
                int filled = percent / 5;
                out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(20 - filled) + "] " + done + "/" + total + " steps");
                out.flush();
            }
        }

        void finish() {
            out.println();
        }
    }
}
