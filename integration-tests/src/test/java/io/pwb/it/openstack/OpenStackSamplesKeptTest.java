package io.pwb.it.openstack;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.runtime.SampleSink;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.openstack.collector.OpenStackCollector;
import io.pwb.openstack.collector.OpenStackPoller;
import io.pwb.openstack.collector.OpenStackSettings;
import io.pwb.openstack.watcher.LoadForecaster;
import io.pwb.openstack.watcher.RecentInstanceHistory;
import io.pwb.openstack.watcher.TrustedForecasts;
import io.pwb.openstack.watcher.WatcherPlanningService;
import io.pwb.openstack.watcher.WatcherShadowBook;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenStack poller hands the Gnocchi measures its engine took to the sample sink (in the service: the database),
 * once each: Gnocchi returns the whole window every cycle, and only what the engine had not seen is kept again.
 */
class OpenStackSamplesKeptTest {
    private static final String HOST = "a1b2c3d4-0000-4000-8000-0000000000f1";
    private static final String VM = "5e1f0000-0000-4000-8000-0000000000f1";

    @Test
    void measuresFedToTheEngineGoToTheSinkOnce() throws Exception {
        try (OpenStackStub stub = new OpenStackStub()) {
            stub.addHypervisor(new OpenStackStub.Hypervisor(HOST, "cmp.example", "cmp", "up", "enabled", 16, 65536,
                    500, 4.0, 2, 30.0));
            stub.addServer(new OpenStackStub.Server(VM, "app", "active", HOST, 4, 4096, 20, 70, 3000));
            Path password = Files.createTempFile(Files.createDirectories(Path.of("target")), "os-password-", ".txt");
            Files.writeString(password, "s3cret\n");
            OpenStackCollector collector = new OpenStackCollector(new OpenStackSettings(stub.authUrl(), "pwb", "Default",
                    "admin", "Default", password, null, null, null, Duration.ofHours(1), 300, Duration.ofSeconds(5),
                    Duration.ofSeconds(1), Duration.ofSeconds(8)), Clock.systemUTC());
            ShadowLedger ledger = new ShadowLedger(null, null);
            RecentInstanceHistory history = new RecentInstanceHistory();
            WatcherPlanningService planning = new WatcherPlanningService(LoadForecaster.latestValue(), history,
                    TrustedForecasts.none(), new WatcherShadowBook(ledger, "os"), Clock.systemUTC());
            ClusterEngine engine = new ClusterEngine("os", PlanningSettings.DEFAULT, ledger);
            List<SampleSink.Collected> kept = new ArrayList<>();
            OpenStackPoller poller = new OpenStackPoller(collector, history, planning, 40, Duration.ofMinutes(5),
                    Clock.systemUTC()).feeding(engine).storingTo(kept::addAll);

            poller.runOnce();
            assertEquals(3, kept.size(), "the three Gnocchi measures of the window: " + kept);
            assertTrue(kept.stream().allMatch(c -> c.clusterId().equals("os") && c.kind() == EntityKind.VM
                    && c.entityId().equals(VM) && c.metric() == Metric.CPU_PERCENT), kept.toString());
            assertEquals(70.0, kept.get(kept.size() - 1).value(), 1e-9);

            poller.runOnce();
            assertEquals(3, kept.size(), "the same window again: nothing new to keep");
        }
    }
}
