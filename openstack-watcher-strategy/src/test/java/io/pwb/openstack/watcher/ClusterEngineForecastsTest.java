package io.pwb.openstack.watcher;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.shadow.ShadowLedger;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PWB's own history (the engine's trained forecasts) overrides Watcher's short window in planning. */
class ClusterEngineForecastsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aTrainedForecastOfTheDestinationChangesTheDecision() {
        ClusterEngine engine = new ClusterEngine("openstack", PlanningSettings.DEFAULT, new ShadowLedger(null, null));
        // PWB has a day of history: INSTANCE_3 on Node_1 runs at 60 %, though Watcher's last period says 20 %.
        for (int i = 0; i < 300; i++) {
            engine.offer(EntityKind.VM, "INSTANCE_3", Metric.CPU_PERCENT, T0.plusSeconds(300L * i).getEpochSecond(),
                    60.0);
        }
        ClusterEngineForecasts forecasts = new ClusterEngineForecasts(engine);
        double peak = forecasts.cpuPercentPeak("INSTANCE_3", 60).orElseThrow();
        assertTrue(peak >= 59 && peak <= 75, "peak " + peak);
        assertTrue(forecasts.cpuPercentPeak("73b09e16-35b7-4922-804e-e8f5d9b740fc", 60).isEmpty());

        WatcherPlanRequest request = WatcherScenario.load("scenario_6_with_2_nodes").request(25, null);
        WatcherPlanResponse watcherOnly = service(TrustedForecasts.none()).plan(request);
        assertEquals(1, watcherOnly.moves().size());

        // Node_1 is really at 3 + (0.6 - 0.2) x 10 = 7 vCPUs: adding 73b0's 5 would put it at 30 %, over 25 %.
        WatcherPlanResponse withHistory = service(forecasts).plan(request);
        assertTrue(withHistory.moves().isEmpty(), withHistory.moves().toString());
        assertTrue(withHistory.notes().stream().anyMatch(n -> n.contains("no safe move")),
                withHistory.notes().toString());
    }

    private static WatcherPlanningService service(TrustedForecasts trusted) {
        return new WatcherPlanningService(LoadForecaster.latestValue(), InstanceHistory.none(), trusted,
                new WatcherShadowBook(new ShadowLedger(null, null), "openstack"), Clock.systemUTC());
    }
}
