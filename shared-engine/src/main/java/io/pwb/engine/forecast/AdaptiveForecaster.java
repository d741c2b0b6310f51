package io.pwb.engine.forecast;

import io.pwb.engine.forecast.model.DampedTrendModel;
import io.pwb.engine.forecast.model.ForecastModel;
import io.pwb.engine.forecast.model.HoltWintersModel;
import io.pwb.engine.forecast.model.MovingAverageModel;
import io.pwb.engine.forecast.model.MovingMedianModel;
import io.pwb.engine.forecast.model.PercentileModel;
import io.pwb.engine.forecast.model.PersistenceModel;
import io.pwb.engine.forecast.model.SimpleExponentialSmoothingModel;
import io.pwb.engine.series.DoubleRing;
import io.pwb.engine.series.SampleOutcome;
import io.pwb.engine.series.SeriesCounters;
import io.pwb.engine.series.SortedWindow;
import io.pwb.engine.series.StepGrid;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-series forecaster: runs every candidate model online, scores each by its rolling out-of-sample absolute error
 * at the horizon H, and forecasts with the best one (or with the median of the best three, which competes as a
 * candidate of its own and is preferred unless a single model is clearly better). The upper bound at step h is the point plus the conformal upper quantile of this series'
 * own recent errors of the forecast it actually produced at step h.
 */
final class AdaptiveForecaster implements SeriesForecaster {
    /** How many of the best-scored models the combination takes the median of (the code assumes three). */
    static final int COMBINATION_SIZE = 3;
    static final String COMBINATION = "combination";

    private final ForecastConfig cfg;
    private final int horizon;
    private final ForecastModel[] models;
    private final String[] names;           // models..., combination
    private final int candidates;           // models.length + 1
    private final double[][] pendingAtH;    // [candidate][origin % slots]: forecast for origin + H
    private final double[][] pendingOut;    // [origin % slots][h - 1]: the produced point forecast
    private final double[] pendingUpperAtH; // [origin % slots]: the produced upper bound at H
    private final int slots;
    private int slot;                       // stepsSinceReset % slots, kept incrementally (no long division)
    private final double[] score;           // bias-corrected EWMA of |error at H| per candidate
    private final double[] scoreSq;         // the same for the squared absolute error (for its spread)
    private final double[] scoreWeight;     // normaliser of that EWMA
    private final long[] scored;
    private final double decay;
    private final int[] anchors;            // horizon steps whose errors are kept: 1, 2, 4, 8, ... and H
    private final int[] anchorBelow;        // per h - 1: index of the largest anchor <= h
    private final SortedWindow[] residuals; // per anchor: actual - produced point
    private final DoubleRing history;
    private final int[] top = new int[COMBINATION_SIZE];
    private int topCount;
    private int selected;

    private long lastStep = Long.MIN_VALUE; // step index of the latest step taken
    private double lastValue = Double.NaN;
    private long stepsSinceReset;

    private final long[] outcomes = new long[SampleOutcome.values().length]; // by ordinal: no boxing per sample
    private long filledSteps;
    private long resets;

    private final AccuracyTracker accuracy;

    AdaptiveForecaster(ForecastConfig cfg) {
        this.cfg = cfg;
        this.horizon = cfg.horizonSteps();
        int h = horizon;
        this.models = new ForecastModel[]{
                new PersistenceModel(),
                new MovingAverageModel(h),
                new MovingMedianModel(h),
                new MovingMedianModel(2 * h),
                new MovingMedianModel(4 * h),
                new SimpleExponentialSmoothingModel(h, 0.3),
                new DampedTrendModel(h),
                new HoltWintersModel(cfg.seasonSteps(), h),
                new PercentileModel(2 * h, 0.9),
        };
        this.candidates = models.length + 1;
        this.names = new String[candidates];
        for (int i = 0; i < models.length; i++) {
            names[i] = models[i].name();
        }
        names[models.length] = COMBINATION;
        this.slots = h + 1;
        this.pendingAtH = new double[candidates][slots];
        this.pendingOut = new double[slots][h];
        this.pendingUpperAtH = new double[slots];
        this.score = new double[candidates];
        this.scoreSq = new double[candidates];
        this.scoreWeight = new double[candidates];
        this.scored = new long[candidates];
        this.decay = 1.0 - 2.0 / (cfg.selectionWindowSteps() + 1);
        this.anchors = anchorSteps(h);
        this.anchorBelow = new int[h];
        for (int step = 1, a = 0; step <= h; step++) {
            while (a + 1 < anchors.length && anchors[a + 1] <= step) {
                a++;
            }
            anchorBelow[step - 1] = a;
        }
        this.residuals = new SortedWindow[anchors.length];
        for (int i = 0; i < anchors.length; i++) {
            residuals[i] = new SortedWindow(cfg.errorWindowSteps());
        }
        this.history = new DoubleRing(cfg.historySteps());
        this.accuracy = new AccuracyTracker(cfg.errorWindowSteps());
        this.selected = models.length;
        clearPending();
    }

    @Override
    public SampleOutcome offer(long timestampSeconds, double value) {
        SampleOutcome outcome = take(timestampSeconds, value);
        outcomes[outcome.ordinal()]++;
        return outcome;
    }

    private SampleOutcome take(long timestampSeconds, double value) {
        if (timestampSeconds < 0) {
            return SampleOutcome.REJECTED_BAD_TIMESTAMP;
        }
        if (!Double.isFinite(value)) {
            return SampleOutcome.REJECTED_NOT_FINITE;
        }
        if (value < 0) {
            return SampleOutcome.REJECTED_NEGATIVE;
        }
        if (value > cfg.maxValue()) {
            return SampleOutcome.REJECTED_ABSURD;
        }
        long step = StepGrid.stepIndex(timestampSeconds, cfg.stepSeconds());
        if (lastStep == Long.MIN_VALUE) {
            lastStep = step;
            step(value, true);
            return SampleOutcome.ACCEPTED;
        }
        if (step == lastStep) {
            return SampleOutcome.REJECTED_DUPLICATE_STEP;
        }
        if (step < lastStep) {
            return SampleOutcome.REJECTED_OUT_OF_ORDER;
        }
        long missing = step - lastStep - 1;
        if (missing > cfg.maxGapSteps()) {
            reset();
            lastStep = step;
            step(value, true);
            return SampleOutcome.ACCEPTED_AFTER_RESET;
        }
        double from = lastValue;
        for (long i = 1; i <= missing; i++) {
            step(from + (value - from) * i / (missing + 1), false);
            filledSteps++;
        }
        lastStep = step;
        step(value, true);
        return missing > 0 ? SampleOutcome.ACCEPTED_GAP_FILLED : SampleOutcome.ACCEPTED;
    }

    /** Forgets the models' state and the pending forecasts; the error history and model scores are kept. */
    private void reset() {
        for (ForecastModel m : models) {
            m.reset();
        }
        history.clear();
        stepsSinceReset = 0;
        slot = 0;
        clearPending();
        resets++;
    }

    private void clearPending() {
        for (double[] row : pendingAtH) {
            Arrays.fill(row, Double.NaN);
        }
        for (double[] row : pendingOut) {
            Arrays.fill(row, Double.NaN);
        }
        Arrays.fill(pendingUpperAtH, Double.NaN);
    }

    /** One step of the regular series; {@code observed} is false for interpolated steps, which are not scored. */
    private void step(double y, boolean observed) {
        stepsSinceReset++;
        slot = slot + 1 == slots ? 0 : slot + 1;
        if (observed) {
            score(y, stepsSinceReset);
        }
        for (ForecastModel m : models) {
            m.update(y);
        }
        history.add(y);
        lastValue = y;
        if (refitDue(stepsSinceReset)) {
            fitModels();
        }
        select();
        recordForecasts();
    }

    private void fitModels() {
        double[] all = history.toArray();
        for (ForecastModel m : models) {
            m.refit(all);
        }
    }

    @Override
    public void refit() {
        if (history.size() > 0) {
            fitModels();
            recordForecasts(); // the forecasts of the latest origin now come from the refitted models
        }
    }

    /**
     * The slot of the forecasts made {@code back} steps before the current one (0 < back < slots): the forecasts
     * made after k values sit in slot k % slots, and h steps ahead they target the (k + h)-th value.
     */
    private int slotBack(int back) {
        int s = slot - back;
        return s < 0 ? s + slots : s;
    }

    /** Scores the forecasts that targeted the {@code k}-th value {@code y}. */
    private void score(double y, long k) {
        int originAtH = slotBack(horizon);
        if (k - horizon >= 1) {
            for (int c = 0; c < candidates; c++) {
                double f = pendingAtH[c][originAtH];
                if (!Double.isNaN(f)) {
                    double e = Math.abs(y - f);
                    score[c] = decay * score[c] + e;
                    scoreSq[c] = decay * scoreSq[c] + e * e;
                    scoreWeight[c] = decay * scoreWeight[c] + 1;
                    scored[c]++;
                }
            }
            double point = pendingOut[originAtH][horizon - 1];
            if (!Double.isNaN(point)) {
                accuracy.add(y - point, y <= pendingUpperAtH[originAtH]);
            }
        }
        for (int a = 0; a < anchors.length && anchors[a] < k; a++) {
            int h = anchors[a];
            double point = pendingOut[slotBack(h)][h - 1];
            if (!Double.isNaN(point)) {
                residuals[a].add(y - point);
            }
        }
    }

    /**
     * The horizon steps whose errors are kept: powers of two below H, and H. The error quantile grows smoothly with
     * the step, so steps in between are interpolated; this keeps the cost per update at O(log H) windows, not H.
     */
    static int[] anchorSteps(int horizon) {
        java.util.List<Integer> steps = new java.util.ArrayList<>();
        for (int h = 1; h < horizon; h *= 2) {
            steps.add(h);
        }
        steps.add(horizon);
        return steps.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Refits on a doubling schedule while the series is young, then once per season: amortised O(1). */
    private boolean refitDue(long n) {
        long first = 2L * horizon + 3;
        if (n < first) {
            return false;
        }
        if (n < cfg.seasonSteps()) {
            long r = n / first;
            return n % first == 0 && (r & (r - 1)) == 0;
        }
        return n % cfg.seasonSteps() == 0;
    }

    /** Picks the candidate with the lowest rolling error and the members of the combination. */
    private void select() {
        int minScored = 3 * horizon;
        topCount = 0;
        for (int i = 0; i < models.length; i++) {
            if (!models[i].ready() || scored[i] < minScored) {
                continue;
            }
            double s = score[i] / scoreWeight[i];
            int pos = topCount;
            while (pos > 0 && score[top[pos - 1]] / scoreWeight[top[pos - 1]] > s) {
                pos--;
            }
            if (pos < COMBINATION_SIZE) {
                int end = Math.min(topCount, COMBINATION_SIZE - 1);
                System.arraycopy(top, pos, top, pos + 1, end - pos);
                top[pos] = i;
                topCount = Math.min(topCount + 1, COMBINATION_SIZE);
            }
        }
        int best = -1;
        double bestScore = Double.MAX_VALUE;
        for (int c = 0; c < candidates; c++) {
            if (eligible(c, minScored) && mean(c) < bestScore) {
                bestScore = mean(c);
                best = c;
            }
        }
        if (best < 0) {
            selected = models.length; // nothing scored yet: the equal-weight combination of every ready model
        } else if (best != models.length && eligible(models.length, minScored)
                && !clearlyBetter(best, models.length)) {
            selected = models.length; // when unsure, combine: a single model must beat the combination clearly
        } else {
            selected = best;
        }
    }

    private boolean eligible(int c, int minScored) {
        return (c == models.length || models[c].ready()) && scored[c] >= minScored;
    }

    private double mean(int c) {
        return score[c] / scoreWeight[c];
    }

    /**
     * True when the challenger's mean error is lower than the incumbent's by more than one standard error of the
     * difference (taken as independent, which overstates it: conservative).
     */
    private boolean clearlyBetter(int challenger, int incumbent) {
        if (challenger == incumbent) {
            return false;
        }
        double spread = variance(challenger) / effectiveCount(challenger)
                + variance(incumbent) / effectiveCount(incumbent);
        return mean(incumbent) - mean(challenger) > Math.sqrt(spread);
    }

    private double variance(int c) {
        double m = mean(c);
        return Math.max(0, scoreSq[c] / scoreWeight[c] - m * m);
    }

    /** Kish's effective sample size of the exponentially weighted window. */
    private double effectiveCount(int c) {
        return Math.min(scored[c], cfg.selectionWindowSteps());
    }

    private void recordForecasts() {
        for (int i = 0; i < models.length; i++) {
            pendingAtH[i][slot] = models[i].ready() ? models[i].forecast(horizon) : Double.NaN;
        }
        pendingAtH[models.length][slot] = combination(horizon, pendingAtH, slot);
        double[] out = pendingOut[slot];
        double raw = pendingAtH[selected][slot];
        double atH = Double.isNaN(raw) ? lastValue : Math.max(0, raw);
        if (flatSelection()) {
            java.util.Arrays.fill(out, atH); // the same for every step: computed once
        } else {
            for (int h = 1; h < horizon; h++) {
                out[h - 1] = point(h);
            }
            out[horizon - 1] = atH;
        }
        pendingUpperAtH[slot] = upper(horizon, out[horizon - 1]);
    }

    /** True when the selected forecast does not depend on the step ahead (flat models, or a combination of them). */
    private boolean flatSelection() {
        if (selected < models.length) {
            return models[selected].flat();
        }
        if (topCount > 0) {
            for (int k = 0; k < topCount; k++) {
                if (!models[top[k]].flat()) {
                    return false;
                }
            }
            return true;
        }
        for (ForecastModel m : models) {
            if (m.ready() && !m.flat()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The median of the three best-scored models (the robust combination under absolute error: one member going
     * astray cannot drag it), the mean while fewer are scored, or of every ready model while none has been scored.
     */
    private double combination(int h, double[][] atH, int slot) {
        double sum = 0;
        int n = 0;
        if (topCount == COMBINATION_SIZE) {
            double a = atH != null ? atH[top[0]][slot] : models[top[0]].forecast(h);
            double b = atH != null ? atH[top[1]][slot] : models[top[1]].forecast(h);
            double c = atH != null ? atH[top[2]][slot] : models[top[2]].forecast(h);
            return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
        }
        if (topCount > 0) {
            for (int k = 0; k < topCount; k++) {
                sum += atH != null ? atH[top[k]][slot] : models[top[k]].forecast(h);
                n++;
            }
        } else {
            for (int i = 0; i < models.length; i++) {
                if (models[i].ready()) {
                    sum += atH != null ? atH[i][slot] : models[i].forecast(h);
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private double point(int h) {
        double p = selected == models.length ? combination(h, null, 0) : models[selected].forecast(h);
        return Double.isNaN(p) ? lastValue : Math.max(0, p);
    }

    /**
     * Point plus the conformal upper quantile of the recent errors at step h. With too few errors for that quantile
     * to exist, the largest error seen at any step, or failing that the recent range of the series: conservative.
     */
    private double upper(int h, double point) {
        int step = Math.min(h, horizon);
        int a = anchorBelow[step - 1];
        double q = residuals[a].conformalUpper(cfg.upperQuantile());
        if (anchors[a] != step) {
            // Between two measured steps the error quantile is interpolated linearly in h.
            double next = residuals[a + 1].conformalUpper(cfg.upperQuantile());
            double w = (double) (step - anchors[a]) / (anchors[a + 1] - anchors[a]);
            q = q + w * (next - q);
        }
        if (Double.isNaN(q)) {
            double widest = 0;
            for (SortedWindow w : residuals) {
                if (w.size() > 0) {
                    widest = Math.max(widest, w.max());
                }
            }
            double[] recent = history.latest(2 * horizon);
            double lo = Double.MAX_VALUE;
            double hi = 0;
            for (double v : recent) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            q = Math.max(widest, recent.length == 0 ? 0 : hi - lo);
        }
        return point + Math.max(0, q);
    }

    @Override
    public Forecast forecast(int horizonSteps) {
        if (horizonSteps < 1) {
            throw new IllegalArgumentException("horizonSteps must be >= 1");
        }
        double[] point = new double[horizonSteps];
        double[] up = new double[horizonSteps];
        if (Double.isNaN(lastValue)) {
            return new Forecast("none", cfg.stepSeconds(), point, up, cfg.upperQuantile(), true, accuracy());
        }
        for (int h = 1; h <= horizonSteps; h++) {
            point[h - 1] = point(h);
            up[h - 1] = upper(h, point[h - 1]);
        }
        return new Forecast(names[selected], cfg.stepSeconds(), point, up, cfg.upperQuantile(), training(),
                accuracy(), recentPeak());
    }

    /** Highest value over the last season (a day) of history; the forecast raises it to its own points. */
    private double recentPeak() {
        double peak = 0;
        for (double v : history.latest(cfg.seasonSteps())) {
            if (v > peak) {
                peak = v;
            }
        }
        return peak;
    }

    @Override
    public ForecastAccuracy accuracy() {
        return accuracy.snapshot();
    }

    @Override
    public SeriesCounters counters() {
        EnumMap<SampleOutcome, Long> byOutcome = new EnumMap<>(SampleOutcome.class);
        for (SampleOutcome o : SampleOutcome.values()) {
            if (outcomes[o.ordinal()] > 0) {
                byOutcome.put(o, outcomes[o.ordinal()]);
            }
        }
        return new SeriesCounters(byOutcome, filledSteps, resets);
    }

    @Override
    public String selectedModel() {
        return names[selected];
    }

    @Override
    public Map<String, Double> modelErrors() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int c = 0; c < candidates; c++) {
            if (scored[c] > 0) {
                m.put(names[c], score[c] / scoreWeight[c]);
            }
        }
        return m;
    }

    @Override
    public boolean training() {
        return stepsSinceReset < cfg.minTrainingSteps();
    }

    @Override
    public long lastStepSeconds() {
        return lastStep == Long.MIN_VALUE ? -1 : lastStep * cfg.stepSeconds();
    }

    /** Names of the candidates, in the order of {@link #candidateForecastsAtH()}. */
    String[] candidateNames() {
        return names.clone();
    }

    /** Each candidate's forecast H steps after the latest step (NaN for a model not ready): for evaluation. */
    double[] candidateForecastsAtH() {
        double[] out = new double[candidates];
        for (int c = 0; c < candidates; c++) {
            out[c] = pendingAtH[c][slot];
        }
        return out;
    }

    @Override
    public ForecastConfig config() {
        return cfg;
    }
}
