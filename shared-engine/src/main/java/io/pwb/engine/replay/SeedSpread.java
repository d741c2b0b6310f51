package io.pwb.engine.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * How much one policy's outcome on one trace moves with the seed (the seed shuffles the initial placement and the
 * injected failures). A few overload events decide a day, so one seed can differ from the next by a tenth or more;
 * comparing policies on a single seed then compares luck. Given runs of the same policy, mode, scenario and date
 * under at least two different seeds, this is the mean and range of the figures that matter.
 */
public record SeedSpread(String policy, String scenario, String label, int runs, Range overloadHostMinutes,
                         Range migrations, Range esv) {

    /** Mean, minimum and maximum of one figure over the runs. */
    public record Range(double mean, double min, double max) {
        static Range of(List<ReplayResult> runs, ToDoubleFunction<ReplayResult> figure) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (ReplayResult r : runs) {
                double v = figure.applyAsDouble(r);
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return new Range(sum / runs.size(), min, max);
        }
    }

    /** One spread per policy, scenario and date that was run under two or more distinct seeds, in input order. */
    public static List<SeedSpread> of(List<ReplayResult> results) {
        Map<List<String>, List<ReplayResult>> groups = new LinkedHashMap<>();
        for (ReplayResult r : results) {
            groups.computeIfAbsent(List.of(r.policyLabel(), r.scenario(), r.label()), k -> new ArrayList<>()).add(r);
        }
        List<SeedSpread> out = new ArrayList<>();
        for (List<ReplayResult> runs : groups.values()) {
            if (runs.stream().mapToLong(ReplayResult::seed).distinct().count() < 2) {
                continue; // the same seed twice is the same run (replays are deterministic), not a spread
            }
            ReplayResult first = runs.get(0);
            out.add(new SeedSpread(first.policyLabel(), first.scenario(), first.label(), runs.size(),
                    Range.of(runs, ReplayResult::overloadHostMinutes), Range.of(runs, r -> r.migrations()),
                    Range.of(runs, ReplayResult::esv)));
        }
        return out;
    }
}
