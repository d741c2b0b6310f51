package io.pwb.engine.forecast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Each model on synthetic series whose right answer is known. */
class ModelsTest {
    static final int H = 12;
    static final int SEASON = 24;

    static List<ForecastModel> all() {
        return List.of(new PersistenceModel(), new MovingAverageModel(H), new MovingMedianModel(H),
                new SimpleExponentialSmoothingModel(H, 0.3), new DampedTrendModel(H), new HoltWintersModel(SEASON, H),
                new PercentileModel(2 * H, 0.9));
    }

    static double[] series(int n, IntToDoubleFunction f) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = f.applyAsDouble(i);
        }
        return v;
    }

    static void feed(ForecastModel m, double[] v) {
        for (double y : v) {
            m.update(y);
        }
        m.refit(v);
    }

    @Test
    void everyModelForecastsAConstantExactly() {
        double[] v = series(5 * SEASON, i -> 42);
        for (ForecastModel m : all()) {
            assertFalse(m.ready(), m.name() + " ready before any data");
            feed(m, v);
            assertTrue(m.ready(), m.name());
            for (int h = 1; h <= H; h++) {
                assertEquals(42, m.forecast(h), 1e-6, m.name() + " at h=" + h);
            }
        }
    }

    @Test
    void flatModelsLagALinearTrendByTheirKnownOffset() {
        double slope = 0.5;
        double[] v = series(100, i -> 10 + slope * i);
        double last = v[v.length - 1];
        ForecastModel persistence = new PersistenceModel();
        ForecastModel ma = new MovingAverageModel(H);
        ForecastModel median = new MovingMedianModel(H);
        for (ForecastModel m : List.of(persistence, ma, median)) {
            feed(m, v);
        }
        assertEquals(last, persistence.forecast(H), 1e-9);
        assertEquals(last - slope * (H - 1) / 2.0, ma.forecast(H), 1e-9);
        assertEquals(last - slope * (H - 1) / 2.0, median.forecast(H), 1e-9);
    }

    @Test
    void dampedTrendFollowsALinearTrend() {
        double slope = 0.5;
        double[] v = series(200, i -> 10 + slope * i);
        DampedTrendModel m = new DampedTrendModel(H);
        feed(m, v);
        double last = v[v.length - 1];
        double[] p = m.parameters();
        double expectedH = last + DampedTrendModel.phiSums(p[2], H)[H] * slope;
        assertEquals(expectedH, m.forecast(H), 0.05 * slope * H);
        // Far better than the naive forecast, which lags by the whole trend over the horizon.
        assertTrue(Math.abs(m.forecast(H) - (last + slope * H)) < 0.5 * slope * H);
        assertTrue(m.forecast(1) > last && m.forecast(H) > m.forecast(1));
    }

    @Test
    void holtWintersLearnsADailyShapeUnderNoise() {
        Random r = new Random(5);
        double amplitude = 20;
        double noise = 2;
        IntToDoubleFunction truth = i -> 50 + amplitude * Math.sin(2 * Math.PI * i / SEASON);
        double[] v = series(6 * SEASON, i -> truth.applyAsDouble(i) + noise * r.nextGaussian());
        HoltWintersModel hw = new HoltWintersModel(SEASON, H);
        for (double y : v) {
            hw.update(y);
        }
        assertFalse(hw.ready(), "needs a fit on two seasons before it forecasts");
        hw.refit(v);
        assertTrue(hw.ready());
        double hwError = 0;
        double naiveError = 0;
        for (int h = 1; h <= H; h++) {
            double actual = truth.applyAsDouble(v.length - 1 + h);
            hwError += Math.abs(actual - hw.forecast(h));
            naiveError += Math.abs(actual - v[v.length - 1]);
        }
        assertTrue(hwError / H < 2 * noise, "mean error " + hwError / H);
        assertTrue(hwError < naiveError / 3, hwError + " vs naive " + naiveError);
        assertTrue(hw.parameters()[2] >= 0.001 && hw.parameters()[2] <= 0.5, "gamma within its bounds");
    }

    @Test
    void sesFitsASmallAlphaToNoiseAndALargeOneToARandomWalk() {
        Random r = new Random(9);
        double[] noise = series(600, i -> 50 + 5 * r.nextGaussian());
        SimpleExponentialSmoothingModel onNoise = new SimpleExponentialSmoothingModel(H, 0.5);
        feed(onNoise, noise);
        assertTrue(onNoise.alpha() < 0.2, "alpha " + onNoise.alpha());
        assertEquals(50, onNoise.forecast(H), 2.5);

        double[] walk = new double[600];
        walk[0] = 100;
        for (int i = 1; i < walk.length; i++) {
            walk[i] = walk[i - 1] + 3 * r.nextGaussian();
        }
        SimpleExponentialSmoothingModel onWalk = new SimpleExponentialSmoothingModel(H, 0.1);
        feed(onWalk, walk);
        assertTrue(onWalk.alpha() > 0.5, "alpha " + onWalk.alpha());
    }

    @Test
    void medianIgnoresIsolatedSpikesAndPercentileFollowsThem() {
        double[] v = series(48, i -> i % 8 == 0 ? 100 : 10);
        MovingMedianModel median = new MovingMedianModel(2 * H);
        PercentileModel peak = new PercentileModel(2 * H, 0.9);
        MovingAverageModel mean = new MovingAverageModel(2 * H);
        for (ForecastModel m : List.of(median, peak, mean)) {
            feed(m, v);
        }
        assertEquals(10, median.forecast(1), 1e-9);
        // 3 spikes in 24 values: the 90th percentile lies 0.7 of the way from the 21st value (10) to the 22nd (100)
        assertEquals(73, peak.forecast(1), 1e-9);
        assertEquals(10 + 90 * 3 / 24.0, mean.forecast(1), 1e-9);
    }

    @Test
    void resetForgetsTheState() {
        for (ForecastModel m : all()) {
            feed(m, series(5 * SEASON, i -> 7 + i % 3));
            m.reset();
            assertFalse(m.ready(), m.name());
        }
    }
}
