package io.pwb.engine.forecast;

import io.pwb.engine.series.SeriesCounters;
import io.pwb.engine.series.StepGrid;
import io.pwb.engine.trace.BitbrainsTrace;
import io.pwb.engine.trace.TraceSeries;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Online evaluation of the adaptive forecaster on recorded series: at every origin (a step with an observed value,
 * after a warm-up) it forecasts H steps ahead from the past only and compares with the observed value H steps
 * later. Three naive baselines are scored on exactly the same origins. Series are evaluated in parallel.
 */
public final class ForecastEvaluation {

    /**
     * One recorded series: raw samples (as a collector would offer them) and the same samples on the step grid.
     *
     * @param name              identity
     * @param timestampSeconds  sample times, ascending
     * @param values            sample values
     * @param firstOriginStep   grid steps (from the first) before which no origin is evaluated
     */
    public record Recorded(String name, long[] timestampSeconds, double[] values, int firstOriginStep) {
        public Recorded {
            if (timestampSeconds.length != values.length) {
                throw new IllegalArgumentException("timestamps and values differ in length");
            }
        }

        /** A regular series (e.g. PlanetLab): sample i at i x step seconds; NaN steps are left out. */
        public static Recorded regular(TraceSeries s, int firstOriginStep) {
            int n = 0;
            for (double v : s.values()) {
                n += Double.isNaN(v) ? 0 : 1;
            }
            long[] ts = new long[n];
            double[] vs = new double[n];
            int k = 0;
            for (int i = 0; i < s.values().length; i++) {
                if (!Double.isNaN(s.values()[i])) {
                    ts[k] = (long) i * s.stepSeconds();
                    vs[k++] = s.values()[i];
                }
            }
            return new Recorded(s.name(), ts, vs, firstOriginStep);
        }

        /** A Bitbrains VM's CPU percent: its provisioned rows with their own (irregular) timestamps. */
        public static Recorded bitbrainsCpu(BitbrainsTrace.VmTrace vm, int firstOriginStep) {
            List<BitbrainsTrace.Sample> ok = vm.samples().stream().filter(BitbrainsTrace.Sample::provisioned).toList();
            long[] ts = new long[ok.size()];
            double[] vs = new double[ok.size()];
            for (int i = 0; i < ok.size(); i++) {
                ts[i] = ok.get(i).timestampSeconds();
                vs[i] = ok.get(i).cpuPercent();
            }
            return new Recorded(vm.name(), ts, vs, firstOriginStep);
        }
    }

    /** Result of a run; errors in the series' unit (CPU percentage points for the traces). */
    public record Result(int series, long origins, int horizonSteps, double mae, double rmse, double upperQuantile,
                         double upperCoverage, double upperMeanMargin, long trainingOrigins,
                         Map<String, Double> baselineMae, Map<String, Long> modelsSelected,
                         Map<String, Double> candidateMae, Map<String, Long> sampleOutcomes, long filledSteps,
                         long resets) {
    }

    private ForecastEvaluation() {
    }

    public static Result run(List<Recorded> series, ForecastConfig cfg, IntConsumer progress) {
        AtomicInteger done = new AtomicInteger();
        Partial total = series.parallelStream()
                .map(s -> {
                    Partial p = evaluate(s, cfg);
                    progress.accept(done.incrementAndGet());
                    return p;
                })
                .reduce(new Partial(), Partial::merge);
        return total.result(series.size(), cfg);
    }

    static Partial evaluate(Recorded s, ForecastConfig cfg) {
        Partial p = new Partial();
        int n = s.values().length;
        if (n == 0) {
            return p;
        }
        int h = cfg.horizonSteps();
        int step = cfg.stepSeconds();
        long first = StepGrid.stepIndex(s.timestampSeconds()[0], step);
        long last = StepGrid.stepIndex(s.timestampSeconds()[n - 1], step);
        int len = (int) (last - first + 1);
        // The observed value of each grid step (first sample of a step wins, as in the forecaster).
        double[] grid = new double[len];
        java.util.Arrays.fill(grid, Double.NaN);
        for (int i = 0; i < n; i++) {
            int g = (int) (StepGrid.stepIndex(s.timestampSeconds()[i], step) - first);
            if (g >= 0 && g < len && Double.isNaN(grid[g])) {
                grid[g] = s.values()[i];
            }
        }
        AdaptiveForecaster f = new AdaptiveForecaster(cfg);
        String[] names = f.candidateNames();
        p.ensureCandidates(names);
        Baselines base = new Baselines();
        int j = 0;
        for (int g = 0; g < len; g++) {
            while (j < n && StepGrid.stepIndex(s.timestampSeconds()[j], step) - first <= g) {
                f.offer(s.timestampSeconds()[j], s.values()[j]);
                j++;
            }
            if (Double.isNaN(grid[g])) {
                continue;
            }
            base.update(grid[g]);
            if (g < s.firstOriginStep() || g + h >= len || Double.isNaN(grid[g + h])) {
                continue;
            }
            double actual = grid[g + h];
            Forecast fc = f.forecast(h);
            p.add(actual, fc.pointAt(h), fc.upperAt(h), fc.training(), fc.model());
            p.addBaselines(actual, base);
            p.addCandidates(actual, f.candidateForecastsAtH());
        }
        SeriesCounters c = f.counters();
        c.outcomes().forEach((k, v) -> p.outcomes.merge(k.name().toLowerCase(), v, Long::sum));
        p.filled += c.filledSteps();
        p.resets += c.resets();
        return p;
    }

    /** Last value, moving average of 12 samples and SES with alpha 0.2 over the observed values. */
    static final class Baselines {
        private final double[] window = new double[12];
        private int count;
        private double sum;
        private double last = Double.NaN;
        private double ses = Double.NaN;

        void update(double y) {
            int i = count % window.length;
            if (count >= window.length) {
                sum -= window[i];
            }
            window[i] = y;
            sum += y;
            count++;
            last = y;
            ses = Double.isNaN(ses) ? y : ses + 0.2 * (y - ses);
        }

        double movingAverage() {
            return sum / Math.min(count, window.length);
        }
    }

    static final class Partial {
        long origins;
        long training;
        double abs;
        double sq;
        long covered;
        double margin;
        final double[] baseAbs = new double[3];
        String[] candidates = new String[0];
        double[] candAbs = new double[0];
        long[] candN = new long[0];
        final Map<String, Long> selected = new TreeMap<>();
        final Map<String, Long> outcomes = new TreeMap<>();
        long filled;
        long resets;

        void ensureCandidates(String[] names) {
            if (candidates.length == 0) {
                candidates = names;
                candAbs = new double[names.length];
                candN = new long[names.length];
            }
        }

        void add(double actual, double point, double upper, boolean isTraining, String model) {
            origins++;
            double e = actual - point;
            abs += Math.abs(e);
            sq += e * e;
            covered += actual <= upper ? 1 : 0;
            margin += upper - point;
            training += isTraining ? 1 : 0;
            selected.merge(model, 1L, Long::sum);
        }

        void addBaselines(double actual, Baselines b) {
            baseAbs[0] += Math.abs(actual - b.last);
            baseAbs[1] += Math.abs(actual - b.movingAverage());
            baseAbs[2] += Math.abs(actual - b.ses);
        }

        void addCandidates(double actual, double[] f) {
            for (int c = 0; c < f.length; c++) {
                if (!Double.isNaN(f[c])) {
                    candAbs[c] += Math.abs(actual - Math.max(0, f[c]));
                    candN[c]++;
                }
            }
        }

        Partial merge(Partial o) {
            Partial m = new Partial();
            for (Partial x : List.of(this, o)) {
                m.origins += x.origins;
                m.training += x.training;
                m.abs += x.abs;
                m.sq += x.sq;
                m.covered += x.covered;
                m.margin += x.margin;
                for (int i = 0; i < 3; i++) {
                    m.baseAbs[i] += x.baseAbs[i];
                }
                m.ensureCandidates(x.candidates);
                for (int c = 0; c < x.candidates.length; c++) {
                    m.candAbs[c] += x.candAbs[c];
                    m.candN[c] += x.candN[c];
                }
                x.selected.forEach((k, v) -> m.selected.merge(k, v, Long::sum));
                x.outcomes.forEach((k, v) -> m.outcomes.merge(k, v, Long::sum));
                m.filled += x.filled;
                m.resets += x.resets;
            }
            return m;
        }

        Result result(int series, ForecastConfig cfg) {
            double n = Math.max(1, origins);
            Map<String, Double> baselines = new java.util.LinkedHashMap<>();
            baselines.put("lastValue", baseAbs[0] / n);
            baselines.put("movingAverage12", baseAbs[1] / n);
            baselines.put("ses02", baseAbs[2] / n);
            Map<String, Double> cand = new java.util.LinkedHashMap<>();
            for (int c = 0; c < candidates.length; c++) {
                if (candN[c] > 0) {
                    cand.put(candidates[c], candAbs[c] / candN[c]);
                }
            }
            return new Result(series, origins, cfg.horizonSteps(), abs / n, Math.sqrt(sq / n), cfg.upperQuantile(),
                    covered / n, margin / n, training, baselines, selected, cand, outcomes, filled, resets);
        }
    }
}
