package io.pwb.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.series.SampleOutcome;
import io.pwb.engine.series.SeriesCounters;
import io.pwb.engine.shadow.ShadowLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The collectors' one rule: every collected sample goes to the sink, whatever its engine made of it (as on Kafka). */
class SampleSinkTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ShadowLedger ledger = new ShadowLedger(null, null);
    private final Map<String, ClusterEngine> engines = Map.of(
            "c1", new ClusterEngine("c1", PlanningSettings.DEFAULT, ledger),
            "c2", new ClusterEngine("c2", PlanningSettings.DEFAULT, ledger));
    private final List<SampleSink.Collected> stored = new ArrayList<>();
    private final SampleSink sink = stored::addAll;

    private static SampleSink.Collected cpu(String cluster, String vm, Instant at, double value) {
        return new SampleSink.Collected(cluster, EntityKind.VM, vm, Metric.CPU_PERCENT, at, value, "h1");
    }

    @Test
    void samplesTheEngineRefusesAreStoredAllTheSame() {
        SampleSink.Collected taken = cpu("c1", "v1", T0.plusSeconds(600), 40);
        SampleSink.Collected outOfOrder = cpu("c1", "v1", T0, 90);
        SampleSink.Collected notFinite = cpu("c1", "v1", T0.plusSeconds(900), Double.NaN);
        List<SampleSink.Collected> collected = List.of(taken, outOfOrder, notFinite);

        sink.offerAndStore(collected, engines::get);

        assertEquals(collected, stored, "the sink, not the forecaster, decides what is kept");
        SeriesCounters counters = engines.get("c1").series(EntityKind.VM, "v1", Metric.CPU_PERCENT).orElseThrow().counters();
        assertEquals(1, counters.accepted(), "the engine took only the in-order, finite sample");
        assertEquals(1, counters.count(SampleOutcome.REJECTED_OUT_OF_ORDER));
        assertEquals(1, counters.count(SampleOutcome.REJECTED_NOT_FINITE));
    }

    @Test
    void eachSampleGoesToItsOwnClustersEngine() {
        sink.offerAndStore(List.of(cpu("c1", "v1", T0, 10), cpu("c2", "v2", T0, 20)), engines::get);

        assertTrue(engines.get("c1").series(EntityKind.VM, "v1", Metric.CPU_PERCENT).isPresent());
        assertTrue(engines.get("c1").series(EntityKind.VM, "v2", Metric.CPU_PERCENT).isEmpty());
        assertTrue(engines.get("c2").series(EntityKind.VM, "v2", Metric.CPU_PERCENT).isPresent());
        assertEquals(2, stored.size());
    }
}
