package io.pwb.engine.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.model.Metric;
import io.pwb.engine.trace.BitbrainsTrace;
import io.pwb.engine.trace.PlanetLabTrace;
import io.pwb.engine.trace.SharedData;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The relative targets of the forecaster on the real traces (a subset of PlanetLab, to keep the build fast). */
class ForecastEvaluationSharedDataTest {
    static final ForecastConfig CONFIG = ForecastConfig.forMetric(Metric.CPU_PERCENT);

    static double bestBaseline(ForecastEvaluation.Result r) {
        return Collections.min(r.baselineMae().values());
    }

    @Test
    void onePlanetLabDateBeatsTheBestBaselineByFivePercentWithACalibratedBound() {
        var folder = SharedData.folder("planetlab");
        Assumptions.assumeTrue(folder.isPresent(), "shared data absent (../shared/data/planetlab): skipped");
        Path date = PlanetLabTrace.dateFolders(folder.get()).get(0);
        List<ForecastEvaluation.Recorded> series = PlanetLabTrace.readDate(date).stream()
                .map(s -> ForecastEvaluation.Recorded.regular(s, 24)).toList();
        ForecastEvaluation.Result r = ForecastEvaluation.run(series, CONFIG, done -> { });
        assertEquals(series.size(), r.series());
        assertEquals(series.size() * (288L - 24 - 12), r.origins());
        assertTrue(r.mae() <= 0.95 * bestBaseline(r), r.mae() + " vs " + r.baselineMae());
        assertTrue(r.upperCoverage() >= 0.93 && r.upperCoverage() <= 0.97, "coverage " + r.upperCoverage());
    }

    @Test
    void bitbrainsIsNoWorseThanTheBestBaselineWithACalibratedBound() {
        var folder = SharedData.folder("bitbrains");
        Assumptions.assumeTrue(folder.isPresent(), "shared data absent (../shared/data/bitbrains): skipped");
        List<ForecastEvaluation.Recorded> series = BitbrainsTrace.readAll(folder.get()).stream()
                .map(vm -> ForecastEvaluation.Recorded.bitbrainsCpu(vm, 7 * 288)).toList();
        ForecastEvaluation.Result r = ForecastEvaluation.run(series, CONFIG, done -> { });
        assertTrue(r.mae() <= bestBaseline(r), r.mae() + " vs " + r.baselineMae());
        assertTrue(r.upperCoverage() >= 0.93 && r.upperCoverage() <= 0.97, "coverage " + r.upperCoverage());
        assertTrue(r.upperMeanMargin() > 0);
    }
}
