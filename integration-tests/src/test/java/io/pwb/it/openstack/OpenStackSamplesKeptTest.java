package io.pwb.it.openstack;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.runtime.SampleSink;
import io.pwb.engine.series.SampleOutcome;
import io.pwb.engine.series.SeriesCounters;
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
 * The OpenStack poller hands the Gnocchi measures it feeds its engine to the sample sink (in the service: the database),
 * once each: Gnocchi returns the whole window every cycle, and only the measures newer than those already read are new.
 */
class OpenStackSamplesKeptTest {
    private static final String HOST = "a1b2c3d4-0000-4000-8000-0000000000f1";
    private static final String VM = "5e1f0000-0000-4000-8000-0000000000f1";

    private final ShadowLedger ledger = new ShadowLedger(null, null);

    @Test
    void measuresFedToTheEngineGoToTheSinkOnce() throws Exception {
        try (OpenStackStub stub = new OpenStackStub()) {
            stub.addHypervisor(hypervisor(30.0));
            stub.addServer(new OpenStackStub.Server(VM, "app", "active", HOST, 4, 4096, 20, 70, 3000));
            List<SampleSink.Collected> kept = new ArrayList<>();
            OpenStackPoller poller = poller(stub, new ClusterEngine("os", PlanningSettings.DEFAULT, ledger), kept);

            poller.runOnce();
            List<SampleSink.Collected> vm = kept.stream().filter(c -> c.kind() == EntityKind.VM).toList();
            List<SampleSink.Collected> host = kept.stream().filter(c -> c.kind() == EntityKind.HOST).toList();
            assertEquals(3, vm.size(), "the instance's three Gnocchi measures of the window: " + kept);
            assertEquals(3, host.size(), "the host's three measures of the window: " + kept);
            assertTrue(vm.stream().allMatch(c -> c.clusterId().equals("os") && c.entityId().equals(VM)
                    && c.metric() == Metric.CPU_PERCENT), kept.toString());
            assertTrue(host.stream().allMatch(c -> c.clusterId().equals("os") && c.entityId().equals(HOST)
                    && c.metric() == Metric.CPU_PERCENT), kept.toString());
            assertEquals(70.0, vm.get(vm.size() - 1).value(), 1e-9);
            assertEquals(30.0, host.get(host.size() - 1).value(), 1e-9);

            poller.runOnce();
            assertEquals(6, kept.size(), "the same window again: nothing new to keep");
        }
    }

    /** As on the Kafka path, what the engine refuses is still handed to the sink, which alone judges what is kept. */
    @Test
    void measuresTheEngineRefusesAreHandedToTheSinkAllTheSame() throws Exception {
        try (OpenStackStub stub = new OpenStackStub()) {
            stub.addHypervisor(hypervisor(5_000.0)); // above the 1,000 % a CPU-percent series takes: absurd
            stub.addServer(new OpenStackStub.Server(VM, "app", "active", HOST, 4, 4096, 20, 70, 3000));
            ClusterEngine engine = new ClusterEngine("os", PlanningSettings.DEFAULT, ledger);
            List<SampleSink.Collected> kept = new ArrayList<>();

            poller(stub, engine, kept).runOnce();

            SeriesCounters refused = engine.series(EntityKind.HOST, HOST, Metric.CPU_PERCENT).orElseThrow().counters();
            assertEquals(3, refused.count(SampleOutcome.REJECTED_ABSURD), "the engine refused the host's measures");
            assertEquals(0, refused.accepted());
            List<SampleSink.Collected> host = kept.stream().filter(c -> c.kind() == EntityKind.HOST).toList();
            assertEquals(3, host.size(), "refused by the engine, handed to the sink all the same: " + kept);
            assertTrue(host.stream().allMatch(c -> c.value() == 5_000.0), kept.toString());
            assertEquals(3, kept.stream().filter(c -> c.kind() == EntityKind.VM).count(), kept.toString());
        }
    }

    private static OpenStackStub.Hypervisor hypervisor(double cpuPercent) {
        return new OpenStackStub.Hypervisor(HOST, "cmp.example", "cmp", "up", "enabled", 16, 65536, 500, 4.0, 2,
                cpuPercent);
    }

    private OpenStackPoller poller(OpenStackStub stub, ClusterEngine engine, List<SampleSink.Collected> kept)
            throws Exception {
        Path password = Files.createTempFile(Files.createDirectories(Path.of("target")), "os-password-", ".txt");
        Files.writeString(password, "s3cret\n");
        OpenStackCollector collector = new OpenStackCollector(new OpenStackSettings(stub.authUrl(), "pwb", "Default",
                "admin", "Default", password, null, null, null, Duration.ofHours(1), 300, Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(8)), Clock.systemUTC());
        RecentInstanceHistory history = new RecentInstanceHistory();
        WatcherPlanningService planning = new WatcherPlanningService(LoadForecaster.latestValue(), history,
                TrustedForecasts.none(), new WatcherShadowBook(ledger, "os"), Clock.systemUTC());
        return new OpenStackPoller(collector, history, planning, 40, Duration.ofMinutes(5), Clock.systemUTC())
                .feeding(engine).storingTo(kept::addAll);
    }
}
