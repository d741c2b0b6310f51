package io.pwb.engine.cli;

import io.pwb.engine.forecast.ForecastConfig;
import io.pwb.engine.forecast.ForecastEvaluation;
import io.pwb.engine.forecast.ForecastEvaluation.Recorded;
import io.pwb.engine.model.Metric;
import io.pwb.engine.trace.BitbrainsTrace;
import io.pwb.engine.trace.PlanetLabTrace;
import io.pwb.engine.trace.TraceFormatException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pwb forecast-eval}: online evaluation of the forecaster on a recorded trace, as one JSON object. */
@Command(name = "forecast-eval", mixinStandardHelpOptions = true,
        description = "Evaluates the forecaster online on a PlanetLab or Bitbrains trace (CPU percent): at every "
                + "origin it forecasts H steps ahead from the past only and compares with the actual value.")
public final class ForecastEvalCommand implements Callable<Integer> {
    /** PlanetLab days are 288 samples: origins start after two hours of history. */
    static final int PLANETLAB_FIRST_ORIGIN = 24;
    /** Bitbrains VMs run for a month: origins start after one week. */
    static final int BITBRAINS_WARMUP_DAYS = 7;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, description = "planetlab or bitbrains")
    String format;

    @Option(names = "--trace", required = true, description = "trace folder (PlanetLab: dates or one date)")
    Path trace;

    @Option(names = "--horizon", defaultValue = "12", description = "steps ahead (default ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = "--quantile", defaultValue = "0.95", description = "upper bound quantile (default ${DEFAULT-VALUE})")
    double quantile;

    @Option(names = "--json", description = "print the result as one JSON object (the only output format)")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (horizon < 1) {
            err.println("forecast-eval: --horizon must be >= 1");
            return 2;
        }
        if (!(quantile > 0 && quantile < 1)) {
            err.println("forecast-eval: --quantile must be in (0, 1)");
            return 2;
        }
        ForecastConfig cfg = ForecastConfig.forMetric(Metric.CPU_PERCENT).withHorizonSteps(horizon)
                .withUpperQuantile(quantile);
        List<Recorded> series;
        long started = System.nanoTime();
        try {
            series = switch (format.toLowerCase(Locale.ROOT)) {
                case "planetlab" -> PlanetLabTrace.readAll(trace).stream()
                        .map(s -> Recorded.regular(s, PLANETLAB_FIRST_ORIGIN)).toList();
                case "bitbrains" -> BitbrainsTrace.readAll(trace).stream()
                        .map(vm -> Recorded.bitbrainsCpu(vm, BITBRAINS_WARMUP_DAYS * 86_400 / cfg.stepSeconds()))
                        .toList();
                default -> throw new IllegalArgumentException("unknown --format '" + format
                        + "' (expected planetlab or bitbrains)");
            };
        } catch (TraceFormatException | IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("forecast-eval: " + e.getMessage());
            return 2;
        }
        int total = series.size();
        err.printf("forecast-eval: %d series read from %s in %.1f s; evaluating at horizon %d%n", total, trace,
                (System.nanoTime() - started) / 1e9, horizon);
        err.flush();
        int every = Math.max(1, total / 10);
        ForecastEvaluation.Result r = ForecastEvaluation.run(series, cfg, done -> {
            if (done % every == 0 || done == total) {
                synchronized (err) {
                    err.printf("forecast-eval: %d/%d series%n", done, total);
                    err.flush();
                }
            }
        });
        err.printf("forecast-eval: done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        err.flush();
        out.println(toJson(r));
        out.flush();
        return 0;
    }

    static String toJson(ForecastEvaluation.Result r) {
        StringBuilder b = new StringBuilder("{");
        field(b, "series", r.series());
        field(b, "origins", r.origins());
        field(b, "horizonSteps", r.horizonSteps());
        field(b, "mae", r.mae());
        field(b, "rmse", r.rmse());
        field(b, "upperQuantile", r.upperQuantile());
        field(b, "upperCoverage", r.upperCoverage());
        field(b, "upperMeanMargin", r.upperMeanMargin());
        field(b, "trainingOrigins", r.trainingOrigins());
        b.append("\"baselines\":{");
        r.baselineMae().forEach((k, v) -> b.append('"').append(k).append("\":{\"mae\":").append(num(v)).append("},"));
        trimComma(b).append("},");
        object(b, "models", r.modelsSelected());
        object(b, "candidateMae", r.candidateMae());
        object(b, "samples", r.sampleOutcomes());
        field(b, "filledSteps", r.filledSteps());
        field(b, "resets", r.resets());
        return trimComma(b).append('}').toString();
    }

    private static void field(StringBuilder b, String name, Object v) {
        b.append('"').append(name).append("\":").append(num(v)).append(',');
    }

    private static void object(StringBuilder b, String name, Map<String, ? extends Number> m) {
        b.append('"').append(name).append("\":{");
        m.forEach((k, v) -> b.append('"').append(k).append("\":").append(num(v)).append(','));
        trimComma(b).append("},");
    }

    private static String num(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d).replaceFirst("\\.?0+(e|$)", "$1") : "null";
        }
        return String.valueOf(v);
    }

    private static StringBuilder trimComma(StringBuilder b) {
        if (b.charAt(b.length() - 1) == ',') {
            b.setLength(b.length() - 1);
        }
        return b;
    }
}
