package io.pwb.engine.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.model.Metric;
import io.pwb.engine.series.SampleOutcome;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdaptiveForecasterTest {
    static final int STEP = 300;

    @Test
    void anEmptySeriesForecastsNothingAndIsInTraining() {
        SeriesForecaster f = Forecasters.create();
        Forecast fc = f.forecast(12);
        assertTrue(fc.training());
        assertEquals(12, fc.horizonSteps());
        assertEquals(0, fc.pointAt(12));
        assertSame(ForecastAccuracy.UNKNOWN, f.accuracy());
        assertEquals(-1, f.lastStepSeconds());
        assertThrows(IllegalArgumentException.class, () -> f.forecast(0));
    }

    @Test
    void theRecentPeakIsTheHighestValueOfTheLastDayAndIsForgottenAfterIt() {
        SeriesForecaster f = Forecasters.forMetric(Metric.CPU_PERCENT);
        int perDay = f.config().seasonSteps();
        long t = 0;
        for (int i = 0; i < 20; i++, t += STEP) {
            f.offer(t, 5);
        }
        f.offer(t, 95); // one burst
        t += STEP;
        for (int i = 0; i < 30; i++, t += STEP) {
            f.offer(t, 5);
        }
        Forecast fc = f.forecast(12);
        assertEquals(95, fc.recentPeak(), 1e-9);
        assertTrue(fc.pointAt(1) < 20, "the forecast itself has forgotten the burst: " + fc.pointAt(1));
        for (int i = 0; i < perDay; i++, t += STEP) {
            f.offer(t, 5);
        }
        assertEquals(5, f.forecast(12).recentPeak(), 1e-6, "a day later the burst no longer counts");
    }

    @Test
    void aForecastWithoutHistoryHasItsOwnHighestPointAsRecentPeak() {
        Forecast fc = new Forecast("x", STEP, new double[]{3, 7, 4}, new double[]{5, 9, 6}, 0.95, false,
                ForecastAccuracy.UNKNOWN);
        assertEquals(7, fc.recentPeak());
    }

    @Test
    void oneSampleGivesAFlatForecastInTraining() {
        SeriesForecaster f = Forecasters.create();
        assertEquals(SampleOutcome.ACCEPTED, f.offer(1_000_000, 37));
        Forecast fc = f.forecast(6);
        assertTrue(fc.training());
        for (int h = 1; h <= 6; h++) {
            assertEquals(37, fc.pointAt(h), 1e-9);
            assertTrue(fc.upperAt(h) >= fc.pointAt(h));
        }
    }

    @Test
    void badValuesAreRejectedWithACountedReasonAndLeaveTheSeriesUnchanged() {
        SeriesForecaster f = Forecasters.forMetric(Metric.CPU_PERCENT);
        f.offer(0, 10);
        assertEquals(SampleOutcome.REJECTED_NOT_FINITE, f.offer(300, Double.NaN));
        assertEquals(SampleOutcome.REJECTED_NOT_FINITE, f.offer(300, Double.POSITIVE_INFINITY));
        assertEquals(SampleOutcome.REJECTED_NEGATIVE, f.offer(300, -1));
        assertEquals(SampleOutcome.REJECTED_ABSURD, f.offer(300, 5_000));
        assertEquals(SampleOutcome.REJECTED_BAD_TIMESTAMP, f.offer(-5, 10));
        assertEquals(SampleOutcome.ACCEPTED, f.offer(300, 101.5), "a little over 100 % is real (bursting)");
        assertEquals(SampleOutcome.REJECTED_DUPLICATE_STEP, f.offer(350, 20));
        assertEquals(SampleOutcome.REJECTED_OUT_OF_ORDER, f.offer(0, 20));
        var c = f.counters();
        assertEquals(2, c.count(SampleOutcome.REJECTED_NOT_FINITE));
        assertEquals(1, c.count(SampleOutcome.REJECTED_NEGATIVE));
        assertEquals(1, c.count(SampleOutcome.REJECTED_ABSURD));
        assertEquals(2, c.accepted());
        assertEquals(7, c.rejected());
        assertEquals(300, f.lastStepSeconds());
        assertEquals(101.5, f.forecast(1).pointAt(1), 1e-9 + 50, "still the last accepted data");
        assertTrue(Double.isFinite(f.forecast(12).upperAt(12)));
    }

    @Test
    void irregularTimestampsAlignShortGapsAreFilledLongGapsReset() {
        ForecastConfig cfg = ForecastConfig.defaults().withMaxGapSteps(3).withMinTrainingSteps(10);
        SeriesForecaster f = Forecasters.create(cfg);
        long t = 10_000 * 300L;
        for (int i = 0; i < 20; i++) {
            assertTrue(f.offer(t + i * 300L + (i % 2 == 0 ? 7 : -9), 50).accepted()); // jitter of a few seconds
        }
        assertFalse(f.training());
        assertEquals(t + 19 * 300L, f.lastStepSeconds());
        assertEquals(SampleOutcome.ACCEPTED_GAP_FILLED, f.offer(t + 22 * 300L, 80)); // steps 20 and 21 missing
        assertEquals(2, f.counters().filledSteps());
        assertEquals(SampleOutcome.ACCEPTED_AFTER_RESET, f.offer(t + 40 * 300L, 30)); // 17 missing > 3
        assertEquals(1, f.counters().resets());
        assertTrue(f.training(), "history restarts after a reset");
        assertEquals(30, f.forecast(1).pointAt(1), 1e-9);
    }

    @Test
    void aConstantSeriesIsForecastExactlyWithAZeroWidthBound() {
        SeriesForecaster f = Forecasters.create();
        for (int i = 0; i < 400; i++) {
            f.offer(i * 300L, 25);
        }
        Forecast fc = f.forecast(12);
        assertFalse(fc.training());
        for (int h = 1; h <= 12; h++) {
            assertEquals(25, fc.pointAt(h), 1e-6);
            assertEquals(25, fc.upperAt(h), 1e-6);
        }
        assertEquals(0, f.accuracy().mae(), 1e-6);
        assertEquals(1.0, f.accuracy().upperCoverage(), 1e-9);
    }

    @Test
    void theUpperBoundIsCalibratedOnNoise() {
        Random r = new Random(42);
        SeriesForecaster f = Forecasters.create();
        int h = 12;
        double[] upperAtOrigin = new double[6000 + h];
        int covered = 0;
        int pairs = 0;
        for (int i = 0; i < 6000; i++) {
            double y = 50 + 8 * r.nextGaussian();
            if (i >= 1000 + h) {
                pairs++;
                covered += y <= upperAtOrigin[i - h] ? 1 : 0;
            }
            f.offer(i * 300L, y);
            upperAtOrigin[i] = f.forecast(h).upperAt(h);
        }
        double coverage = (double) covered / pairs;
        assertTrue(coverage >= 0.93 && coverage <= 0.97, "coverage " + coverage);
        double mae = f.accuracy().mae();
        assertTrue(mae < 8 * 0.8 * 1.2, "close to the noise's mean absolute deviation: " + mae);
        // Noise of sd 8: a calibrated 95 % bound sits about 1.645 sd above the mean, far from the crude range rule.
        Forecast fc = f.forecast(h);
        double margin = fc.upperAt(h) - fc.pointAt(h);
        assertTrue(margin > 8 * 1.2 && margin < 8 * 2.4, "margin " + margin);
        assertTrue(f.accuracy().upperCoverage() > 0.85, "tracked coverage " + f.accuracy().upperCoverage());
    }

    @Test
    void theBoundWidensWithTheHorizonOnARandomWalk() {
        Random r = new Random(8);
        SeriesForecaster f = Forecasters.create();
        double y = 500;
        for (int i = 0; i < 3000; i++) {
            y = Math.max(0, y + 4 * r.nextGaussian());
            f.offer(i * 300L, y);
        }
        Forecast fc = f.forecast(12);
        double[] margin = new double[13];
        for (int h = 1; h <= 12; h++) {
            margin[h] = fc.upperAt(h) - fc.pointAt(h);
        }
        // Random-walk errors grow like sqrt(h): about 1.645 x 4 x sqrt(h) for a calibrated 95 % bound.
        assertTrue(margin[1] > 4 && margin[1] < 14, "h=1 margin " + margin[1]);
        assertTrue(margin[12] > 2 * margin[1], margin[1] + " vs " + margin[12]);
        // Steps between the measured ones (1, 2, 4, 8, 12) are interpolated.
        assertEquals(margin[4] + 0.5 * (margin[8] - margin[4]), margin[6], 1e-9);
    }

    @Test
    void aDailySeasonIsLearnedByHoltWinters() {
        Random r = new Random(1);
        SeriesForecaster f = Forecasters.create();
        int day = 288;
        for (int i = 0; i < 6 * day; i++) {
            f.offer(i * 300L, 50 + 30 * Math.sin(2 * Math.PI * i / day) + 2 * r.nextGaussian());
        }
        var errors = f.modelErrors();
        assertTrue(errors.containsKey("holt_winters"), errors.toString());
        assertTrue(errors.get("holt_winters") < errors.get("persistence"), errors.toString());
        assertTrue(f.accuracy().mae() < 5, "mae " + f.accuracy().mae() + " " + errors);
        Forecast fc = f.forecast(12);
        int n = 6 * day - 1;
        for (int h = 1; h <= 12; h++) {
            double truth = 50 + 30 * Math.sin(2 * Math.PI * (n + h) / day);
            assertEquals(truth, fc.pointAt(h), 6, "h=" + h);
        }
    }

    @Test
    void aLinearTrendIsFollowed() {
        SeriesForecaster f = Forecasters.create();
        for (int i = 0; i < 200; i++) {
            f.offer(i * 300L, 10 + 0.2 * i);
        }
        Forecast fc = f.forecast(12);
        double last = 10 + 0.2 * 199;
        assertTrue(fc.pointAt(12) > last, "a trend continues: " + fc.pointAt(12) + " model " + fc.model());
        assertEquals(last + 0.2 * 12, fc.pointAt(12), 0.2 * 12 * 0.5);
        // Scored at exactly the horizon: the last value lags a trend by slope x H, a full 12-sample mean by
        // slope x 17.5 (less at the first origins, while its window was filling up).
        assertEquals(0.2 * 12, f.modelErrors().get("persistence"), 1e-9);
        double ma = f.modelErrors().get("moving_average_12");
        assertTrue(ma <= 0.2 * (12 + 5.5) + 1e-9 && ma > 0.2 * (12 + 5.5) * 0.95, "moving average error " + ma);
        f.refit();
        assertEquals(fc.model(), f.forecast(12).model());
    }
}
