package io.pwb.it.ovirt;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.AffinityRule;
import io.pwb.ovirt.collector.AffinityRules;
import io.pwb.engine.runtime.Backoff;
import io.pwb.ovirt.collector.OvirtCollector;
import io.pwb.ovirt.collector.OvirtEngineSettings;
import io.pwb.ovirt.collector.OvirtInventory;
import io.pwb.ovirt.collector.OvirtInventoryMapper;
import io.pwb.ovirt.collector.OvirtSamples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The collector against the HTTPS oVirt engine stub, through the real oVirt Java SDK. */
class OvirtCollectorTest {

    private static final String USER = "pwb@internal";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final long GIB = 1024L * 1024 * 1024;

    @TempDir
    Path dir;
    private OvirtEngineStub stub;
    private SelfSignedTls tls;
    private OvirtCollector collector;
    private OvirtEngineStub.StubHost h1;
    private OvirtEngineStub.StubHost h2;
    private OvirtEngineStub.StubHost h3;
    private OvirtEngineStub.StubVm web;
    private OvirtEngineStub.StubVm db;
    private OvirtEngineStub.StubVm cache;
    private final LogLines capture = new LogLines(Level.ALL);
    private final List<String> logLines = capture.lines();

    @BeforeEach
    void start() throws Exception {
        tls = new SelfSignedTls(dir);
        stub = new OvirtEngineStub(tls.serverContext(), USER, PASSWORD);
        h1 = stub.addHost("host1", 8, 2600, 64 * GIB);
        h2 = stub.addHost("host2", 8, 2600, 64 * GIB);
        h3 = stub.addHost("host3", 16, 3000, 128 * GIB);
        h1.cpuUserPercent = 60;
        h1.cpuSystemPercent = 10;
        h1.memoryUsedBytes = 40 * GIB;
        h1.nicRxBytesPerSecond = 12_500_000;
        web = stub.addVm("web", 4, 8 * GIB, h1);
        web.cpuGuestPercent = 50;
        web.memoryUsedBytes = 6 * GIB;
        web.diskWriteBytesPerSecond = 4_000_000;
        db = stub.addVm("db", 4, 16 * GIB, h1);
        cache = stub.addVm("cache", 2, 4 * GIB, h2);
        stub.addVm("stopped", 2, 4 * GIB, null);
        stub.groups.add(new OvirtEngineStub.StubGroup("a0000000-0000-0000-0000-00000000000a", "shop", true, false,
                List.of(web.id, db.id, cache.id)));
        stub.groups.add(new OvirtEngineStub.StubGroup("a0000000-0000-0000-0000-00000000000b", "replicas", false, true,
                List.of(db.id, cache.id)));

        Path passwordFile = dir.resolve("ovirt-password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Path trustPasswordFile = dir.resolve("truststore-password");
        Files.writeString(trustPasswordFile, SelfSignedTls.STORE_PASSWORD);
        OvirtEngineSettings settings = new OvirtEngineSettings(URI.create(stub.apiUrl()), USER, passwordFile,
                Optional.of(tls.trustStore), Optional.of(trustPasswordFile), Optional.empty(), Duration.ofSeconds(20),
                Duration.ofMinutes(2));
        assertFalse(settings.toString().contains(PASSWORD));
        collector = new OvirtCollector(settings, true, new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5)));
        Logger.getLogger(OvirtCollector.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(OvirtCollector.class.getName()).removeHandler(capture);
        collector.close();
        stub.close();
        assertTrue(logLines.stream().noneMatch(l -> l.contains(PASSWORD)), "the password never appears in logs");
    }

    @Test
    void onlyVmsTheEngineWouldLiveMigrateAreMovable() {
        db.placementAffinity = "pinned";
        cache.placementAffinity = "user_migratable";
        OvirtEngineStub.StubVm noPolicy = stub.addVm("no-policy", 1, GIB, h2);
        noPolicy.placementAffinity = null;
        OvirtEngineStub.StubVm paused = stub.addVm("paused", 1, GIB, h2);
        paused.status = "paused";
        OvirtEngineStub.StubVm moving = stub.addVm("moving", 1, GIB, h3);
        moving.status = "migrating";

        OvirtInventory inv = collector.poll(Instant.parse("2026-01-01T00:00:00Z")).orElseThrow();
        Map<String, OvirtInventory.Vm> byName = inv.vms().stream()
                .collect(Collectors.toMap(OvirtInventory.Vm::name, v -> v));
        assertEquals("migratable", byName.get("web").placementAffinity());
        assertEquals("pinned", byName.get("db").placementAffinity());
        assertEquals("user_migratable", byName.get("cache").placementAffinity());
        assertEquals("unknown", byName.get("no-policy").placementAffinity());

        Map<String, Boolean> migratable = OvirtInventoryMapper.map(inv).get(0).vms().stream()
                .collect(Collectors.toMap(io.pwb.engine.model.Vm::name, io.pwb.engine.model.Vm::migratable));
        assertEquals(Map.of("web", true, "db", false, "cache", false, "no-policy", false, "paused", false,
                "moving", false, "stopped", false), migratable,
                "up and migratable only: pinned, user-migratable, no affinity data, paused, migrating, down are not");
    }

    @Test
    void readsHostsVmsStatisticsAndAffinityGroups() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        OvirtInventory inv = collector.poll(now).orElseThrow();

        assertEquals(3, inv.hosts().size());
        // Without max the engine (4.x) answers with every host and VM at once (no paging); search would filter.
        assertEquals(List.of("", ""), stub.listQueries, "hosts and VMs are listed whole: no max, no search");
        OvirtInventory.Host host1 = inv.hosts().stream().filter(h -> h.id().equals(h1.id)).findFirst().orElseThrow();
        assertEquals("host1", host1.name());
        assertEquals("up", host1.status());
        assertEquals(8, host1.cpuCores());
        assertEquals(2600.0, host1.cpuSpeedMhz());
        assertEquals(64 * GIB, host1.memoryBytes());
        assertEquals(60.0, host1.statistics().get("cpu.current.user"));
        assertEquals(10.0, host1.statistics().get("cpu.current.system"));
        assertEquals(5.6, host1.statistics().get("cpu.load.avg.5m"));
        assertEquals((double) (40 * GIB), host1.statistics().get("memory.used"));
        assertEquals(13_000_000.0, host1.statistics().get("nic.data.current.rx"), "12.5 MB/s at 2 significant digits, as the engine");

        assertEquals(4, inv.vms().size());
        OvirtInventory.Vm webVm = inv.vms().stream().filter(v -> v.id().equals(web.id)).findFirst().orElseThrow();
        assertEquals(Optional.of(h1.id), webVm.hostId());
        assertEquals(4, webVm.vcpus());
        assertEquals(50.0, webVm.statistics().get("cpu.current.guest"));
        assertEquals((double) (6 * GIB), webVm.statistics().get("memory.used"));
        assertEquals(4_000_000.0, webVm.statistics().get("disk.data.current.write"));
        assertEquals(1000.0, webVm.statistics().get("nic.data.current.rx"));
        OvirtInventory.Vm stopped = inv.vms().stream().filter(v -> v.name().equals("stopped")).findFirst().orElseThrow();
        assertEquals(Optional.empty(), stopped.hostId());
        assertTrue(stopped.statistics().isEmpty());

        Map<String, OvirtInventory.AffinityGroup> groups = inv.affinityGroups().stream()
                .collect(Collectors.toMap(OvirtInventory.AffinityGroup::name, g -> g));
        assertTrue(groups.get("shop").positive());
        assertEquals(3, groups.get("shop").vmIds().size());
        assertTrue(groups.get("replicas").enforcing());
        List<AffinityRule> rules = AffinityRules.of(inv.affinityGroups(), OvirtEngineStub.CLUSTER_ID,
                inv.vms().stream().map(OvirtInventory.Vm::id).collect(Collectors.toSet()));
        assertEquals(List.of(new AffinityRule("shop", true, false, java.util.Set.of(web.id, db.id, cache.id), 1.0),
                new AffinityRule("replicas", false, true, java.util.Set.of(db.id, cache.id), 0)), rules);

        List<OvirtSamples.Sample> samples = OvirtSamples.of(inv);
        assertTrue(samples.contains(new OvirtSamples.Sample(EntityKind.HOST, h1.id, Metric.CPU_PERCENT, 70.0, now)));
        assertTrue(samples.contains(new OvirtSamples.Sample(EntityKind.HOST, h1.id, Metric.CPU_MHZ, 0.7 * 8 * 2600, now)));
        assertTrue(samples.contains(new OvirtSamples.Sample(EntityKind.VM, web.id, Metric.CPU_MHZ, 0.5 * 4 * 2600, now)));
        assertTrue(samples.contains(new OvirtSamples.Sample(EntityKind.VM, web.id, Metric.DISK_WRITE_BYTES_PER_SECOND,
                4_000_000.0, now)));
    }

    @Test
    void reusesItsTokenAndSeesMaintenanceAndMoves() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        collector.poll(t).orElseThrow();
        h2.status = "preparing_for_maintenance";
        h3.status = "maintenance";
        db.hostId = h3.id;
        OvirtInventory second = collector.poll(t.plusSeconds(60)).orElseThrow();
        assertEquals(1, stub.tokensIssued.get(), "one SSO login for all polls");
        assertTrue(second.hosts().stream().filter(h -> !h.id().equals(h1.id)).allMatch(OvirtInventory.Host::inMaintenance));
        assertTrue(second.hosts().stream().filter(h -> !h.id().equals(h1.id)).noneMatch(OvirtInventory.Host::available));
        assertEquals(Optional.of(h3.id), second.vms().stream().filter(v -> v.id().equals(db.id)).findFirst()
                .orElseThrow().hostId());
        collector.close();
        assertEquals(1, stub.logouts.get(), "close revokes the token");
    }

    @Test
    void backsOffWhileTheEngineIsDownAndRecovers() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        stub.down = true;
        assertTrue(collector.poll(t).isEmpty());
        assertEquals(1, collector.backoff().consecutiveFailures());
        int calls = stub.apiCalls.get();
        assertTrue(collector.poll(t.plusSeconds(5)).isEmpty());
        assertEquals(calls, stub.apiCalls.get(), "no request while backing off");
        assertTrue(collector.poll(t.plusSeconds(10)).isEmpty());
        assertEquals(t.plusSeconds(10).plusSeconds(20), collector.backoff().nextAttempt(), "the wait doubles");
        stub.down = false;
        assertTrue(collector.poll(t.plusSeconds(29)).isEmpty(), "still waiting");
        assertTrue(collector.poll(t.plusSeconds(30)).isPresent());
        assertEquals(0, collector.backoff().consecutiveFailures());
    }

    @Test
    void aWrongPasswordFailsCleanlyWithoutLoggingIt() throws Exception {
        Files.writeString(dir.resolve("ovirt-password"), "wrong-" + PASSWORD);
        OvirtEngineSettings bad = new OvirtEngineSettings(URI.create(stub.apiUrl()), USER, dir.resolve("ovirt-password"),
                Optional.of(tls.trustStore), Optional.empty(), Optional.empty(), Duration.ofSeconds(5),
                Duration.ofMinutes(1));
        try (OvirtCollector c = new OvirtCollector(bad, false, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)))) {
            Logger.getLogger(OvirtCollector.class.getName()).addHandler(capture);
            assertTrue(c.poll(Instant.EPOCH).isEmpty());
        }
        assertTrue(logLines.stream().anyMatch(l -> l.contains("failed")), logLines::toString);
        assertTrue(logLines.stream().noneMatch(l -> l.contains("wrong-" + PASSWORD)));
    }

    @Test
    void trustsTheEnginesCaFromAPemFile() {
        OvirtEngineSettings pem = new OvirtEngineSettings(URI.create(stub.apiUrl()), USER, dir.resolve("ovirt-password"),
                Optional.empty(), Optional.empty(), Optional.of(tls.caPem), Duration.ofSeconds(20), Duration.ofMinutes(1));
        try (OvirtCollector c = new OvirtCollector(pem, false, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)))) {
            assertEquals(3, c.poll(Instant.EPOCH).orElseThrow().hosts().size());
        }
    }

    @Test
    void theDocumentedTrustStoreWithoutItsPasswordFileIsRefusedAtStartUp() throws Exception {
        Path store = tls.pkcs12TrustStore;
        OvirtEngineSettings noPassword = new OvirtEngineSettings(URI.create(stub.apiUrl()), USER,
                dir.resolve("ovirt-password"), Optional.of(store), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(20), Duration.ofMinutes(1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OvirtCollector(noPassword, false, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8))));
        assertEquals("the trust store " + store + " has no certificates; is its password file set? (without its"
                + " password a PKCS12 store shows none)", e.getMessage());

        OvirtEngineSettings withPassword = new OvirtEngineSettings(URI.create(stub.apiUrl()), USER,
                dir.resolve("ovirt-password"), Optional.of(store), Optional.of(dir.resolve("truststore-password")),
                Optional.empty(), Duration.ofSeconds(20), Duration.ofMinutes(1));
        try (OvirtCollector c = new OvirtCollector(withPassword, false, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)))) {
            assertEquals(3, c.poll(Instant.EPOCH).orElseThrow().hosts().size());
        }
    }
}
