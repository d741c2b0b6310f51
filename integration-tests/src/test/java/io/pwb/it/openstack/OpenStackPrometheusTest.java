package io.pwb.it.openstack;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.it.ovirt.SelfSignedTls;
import io.pwb.openstack.collector.CollectionOutcome;
import io.pwb.openstack.collector.OpenStackCollector;
import io.pwb.openstack.collector.OpenStackInventory;
import io.pwb.openstack.collector.OpenStackSettings;
import io.pwb.openstack.collector.PrometheusSettings;
import io.pwb.openstack.watcher.AuditParameters;
import io.pwb.openstack.watcher.RecentInstanceHistory;
import io.pwb.openstack.watcher.WatcherMove;
import io.pwb.openstack.watcher.WatcherPlanRequest;
import io.pwb.openstack.watcher.WatcherPlanResponse;
import io.pwb.openstack.watcher.WatcherPlanningService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static io.pwb.it.openstack.OpenStackCollectorTest.CACHE;
import static io.pwb.it.openstack.OpenStackCollectorTest.CMP1;
import static io.pwb.it.openstack.OpenStackCollectorTest.CMP2;
import static io.pwb.it.openstack.OpenStackCollectorTest.DB;
import static io.pwb.it.openstack.OpenStackCollectorTest.OFF;
import static io.pwb.it.openstack.OpenStackCollectorTest.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenStack collector with metrics from Prometheus (query_range over real HTTP on loopback) instead of Gnocchi. */
class OpenStackPrometheusTest {

    static final String TOKEN = "prom-bearer-7f3a9c";
    static final Duration WINDOW = Duration.ofHours(1);

    OpenStackStub stub;
    Path password;
    Path tokenFile;

    @BeforeEach
    void start() throws Exception {
        stub = OpenStackCollectorTest.twoHostCloud();
        stub.prometheus().requireToken(TOKEN);
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "os-prom-");
        password = dir.resolve("password");
        Files.writeString(password, "s3cret\n");
        tokenFile = dir.resolve("prometheus-token");
        Files.writeString(tokenFile, TOKEN + "\n");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    OpenStackCollector collector(PrometheusSettings prometheus, Duration timeout) {
        return new OpenStackCollector(new OpenStackSettings(stub.authUrl(), "pwb", "Default", "admin", "Default",
                password, null, null, null, WINDOW, 300, timeout, Duration.ofSeconds(1), Duration.ofSeconds(8))
                .withPrometheus(prometheus), Clock.systemUTC());
    }

    PrometheusSettings prometheus(String fqdnLabel, String uuidLabel) {
        return new PrometheusSettings(URI.create(stub.prometheusUrl()), tokenFile, null, fqdnLabel, uuidLabel, null,
                null);
    }

    @Test
    void aFullCycleReadsHostAndInstanceMetricsFromPrometheus() {
        OpenStackCollector collector = collector(prometheus(null, null), Duration.ofSeconds(5));
        CollectionOutcome.Collected c = assertInstanceOf(CollectionOutcome.Collected.class, collector.collect());
        OpenStackInventory inventory = c.inventory();
        assertEquals(List.of(), c.warnings());

        // ceilometer_cpu's rate (ns/s) back to % of the instance's 4 vCPUs; one point per 300 s step of the hour.
        List<Double> dbCpu = inventory.metrics().instanceCpuPercent().get(DB);
        assertEquals(WINDOW.toSeconds() / 300 + 1, dbCpu.size());
        dbCpu.forEach(v -> assertEquals(80.0, v, 1e-6));
        assertEquals(6000.0, inventory.metrics().instanceRamMb().get(DB).get(0), 1e-9);
        // node_exporter series are labelled fqdn=cmp1.example; Nova's host is cmp1 (Watcher's short-name mapping).
        assertEquals(45.0, inventory.metrics().hostCpuPercent().get(CMP1).get(0), 1e-9);
        assertEquals(65536 * 1024.0 / 4, inventory.metrics().hostRamKib().get(CMP2).get(0), 1e-6);
        assertEquals(0.0, inventory.metrics().instanceCpuPercent().get(OFF).get(0), 1e-9, "idle, not missing");

        assertEquals(4, stub.prometheus().queries().size(), "one range query per metric for the whole cloud");
        assertTrue(stub.prometheus().queries().contains("sum by (resource) (rate(ceilometer_cpu[300s]))"),
                stub.prometheus().queries().toString());
        assertTrue(stub.prometheus().authorizations().stream().allMatch(a -> a.equals("Bearer " + TOKEN)));
        assertTrue(stub.requests().stream().noneMatch(r -> r.path().startsWith("/metric/")), "Gnocchi is not read");

        // A full cycle with planning on what Prometheus says: cmp1 at 45 % (threshold 40), cmp2 at 5 %.
        CollectorPipeline p = CollectorPipeline.of(collector);
        RecentInstanceHistory history = p.history();
        ClusterEngine engine = p.engine();
        WatcherPlanningService planning = p.planning();
        OpenStackInventory cycled = assertInstanceOf(CollectionOutcome.Collected.class,
                p.poller().runOnce().outcome()).inventory();
        assertEquals(WINDOW.toSeconds() / 300 + 1, history.cpuPercent(WEB, 300).size());
        assertTrue(engine.series(EntityKind.VM, WEB, Metric.CPU_PERCENT).isPresent());
        assertTrue(engine.series(EntityKind.HOST, CMP1, Metric.CPU_PERCENT).isPresent());
        WatcherPlanResponse plan = planning.plan(new WatcherPlanRequest("audit-p",
                new AuditParameters(40, 60, 1, "balance"), cycled.nodes(), cycled.instances(), cycled.metrics()));
        assertEquals(1, plan.moves().size(), plan.notes().toString());
        WatcherMove move = plan.moves().get(0);
        assertEquals("cmp1", move.sourceHostname());
        assertEquals("cmp2", move.destinationHostname());
    }

    @Test
    void missingSeriesAndNonFiniteValuesAreSkippedWithWarnings() {
        stub.prometheus().noSeriesFor(CACHE);
        stub.prometheus().nonFiniteFor(WEB);
        CollectionOutcome.Collected c = assertInstanceOf(CollectionOutcome.Collected.class,
                collector(prometheus(null, null), Duration.ofSeconds(5)).collect());
        var metrics = c.inventory().metrics();
        assertFalse(metrics.instanceCpuPercent().containsKey(CACHE));
        assertFalse(metrics.instanceRamMb().containsKey(CACHE));
        assertEquals(80.0, metrics.instanceCpuPercent().get(DB).get(0), 1e-6, "the others are read as usual");
        List<Double> web = metrics.instanceCpuPercent().get(WEB);
        assertEquals(WINDOW.toSeconds() / 300 + 1 - 2, web.size(), "the +Inf and NaN points are dropped");
        web.forEach(v -> assertEquals(90.0, v, 1e-6));
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("no ceilometer_cpu series") && w.contains(CACHE)),
                c.warnings().toString());
        assertTrue(c.warnings().stream().anyMatch(w -> w.startsWith("skipped 2 value(s)")), c.warnings().toString());
    }

    @Test
    void a503AMalformedAnswerAQueryErrorAndATimeoutEachFailTheCycleWithBackOff() {
        OpenStackCollector collector = collector(prometheus(null, null), Duration.ofSeconds(2));
        stub.prometheus().failNext(503);
        CollectionOutcome.Failed unavailable = assertInstanceOf(CollectionOutcome.Failed.class, collector.collect());
        assertTrue(unavailable.reason().contains("Prometheus answered HTTP 503"), unavailable.reason());
        assertEquals(Duration.ofSeconds(1), unavailable.retryAfter());

        stub.prometheus().malformedNext();
        CollectionOutcome.Failed malformed = assertInstanceOf(CollectionOutcome.Failed.class, collector.collect());
        assertTrue(malformed.reason().contains("malformed answer"), malformed.reason());
        assertEquals(Duration.ofSeconds(2), malformed.retryAfter());

        stub.prometheus().errorNext();
        CollectionOutcome.Failed error = assertInstanceOf(CollectionOutcome.Failed.class, collector.collect());
        assertTrue(error.reason().contains("execution: query timed out in expression evaluation"), error.reason());
        assertEquals(Duration.ofSeconds(4), error.retryAfter());

        stub.prometheus().delayNext(4_000);
        CollectionOutcome.Failed slow = assertInstanceOf(CollectionOutcome.Failed.class, collector.collect());
        assertTrue(slow.reason().contains("Prometheus did not answer /prometheus/api/v1/query_range within 2000 ms"),
                slow.reason());
        assertEquals(Duration.ofSeconds(8), slow.retryAfter());

        assertInstanceOf(CollectionOutcome.Collected.class, collector.collect(), "Prometheus is back");
        stub.prometheus().failNext(503);
        assertEquals(Duration.ofSeconds(1), assertInstanceOf(CollectionOutcome.Failed.class, collector.collect())
                .retryAfter(), "a success resets the back-off");
    }

    @Test
    void aRefusedTokenIsAClearErrorThatNeverShowsTheToken() throws Exception {
        Files.writeString(tokenFile, "wrong-" + TOKEN + "\n");
        CollectionOutcome.Failed refused = assertInstanceOf(CollectionOutcome.Failed.class,
                collector(prometheus(null, null), Duration.ofSeconds(5)).collect());
        assertTrue(refused.reason().contains("HTTP 401") && refused.reason().contains("token-file"), refused.reason());
        assertFalse(refused.reason().contains(TOKEN), "the token must never appear in a message");
    }

    @Test
    void prometheusOverTlsIsTrustedThroughItsCaFileOnly() throws Exception {
        SelfSignedTls tls = new SelfSignedTls(Files.createTempDirectory(Path.of("target"), "prom-tls-"));
        URI https = URI.create(stub.prometheusTlsUrl(tls.serverContext()));

        CollectionOutcome.Collected trusted = assertInstanceOf(CollectionOutcome.Collected.class, collector(
                new PrometheusSettings(https, tokenFile, tls.certificate, null, null, null, null),
                Duration.ofSeconds(5)).collect());
        assertEquals(45.0, trusted.inventory().metrics().hostCpuPercent().get(CMP1).get(0), 1e-9);

        // Without the CA file the JVM's trust store does not know the certificate: the cycle fails, closed.
        CollectionOutcome.Failed untrusted = assertInstanceOf(CollectionOutcome.Failed.class, collector(
                new PrometheusSettings(https, tokenFile, null, null, null, null, null), Duration.ofSeconds(5))
                .collect());
        assertTrue(untrusted.reason().contains("Prometheus at https://127.0.0.1:") && untrusted.reason()
                .contains("cannot be reached"), untrusted.reason());
    }

    @Test
    void aLargeCloudTakesFourRangeQueriesAndNovasPages() throws Exception {
        stub.close();
        stub = new OpenStackStub();
        stub.prometheus().requireToken(TOKEN);
        int hosts = 200;
        int perHost = 20;
        for (int h = 0; h < hosts; h++) {
            String host = String.format("c0000000-0000-4000-8000-%012d", h);
            stub.addHypervisor(new OpenStackStub.Hypervisor(host, "cmp" + h + ".example", "cmp" + h, "up", "enabled",
                    32, 131072, 1000, 4.0, 2, 10 + h % 50));
            for (int i = 0; i < perHost; i++) {
                stub.addServer(new OpenStackStub.Server(String.format("5e1f0000-0000-4000-%04d-%012d", h, i),
                        "vm-" + h + "-" + i, "active", host, 1 + i % 4, 2048, 20, 5 + i, 1000, i == 0));
            }
        }
        OpenStackCollector collector = collector(prometheus(null, null), Duration.ofSeconds(30));
        long started = System.nanoTime();
        CollectionOutcome.Collected c = assertInstanceOf(CollectionOutcome.Collected.class, collector.collect());
        long millis = (System.nanoTime() - started) / 1_000_000;
        OpenStackInventory inventory = c.inventory();
        assertEquals(List.of(), c.warnings());
        assertEquals(hosts * perHost, inventory.instances().size());
        assertEquals(hosts, inventory.instances().stream().filter(i -> i.locked()).count());
        assertEquals(hosts * perHost, inventory.metrics().instanceCpuPercent().size());
        assertEquals(hosts, inventory.metrics().hostCpuPercent().size());
        assertEquals(4, stub.prometheus().queries().size(), "four range queries whatever the size of the cloud");
        assertEquals(4, stub.requests().stream().filter(r -> r.path().endsWith("/servers/detail")).count(),
                "Nova's pages of 1000 servers");
        assertEquals(1, stub.requests().stream().filter(r -> r.path().endsWith("/os-hypervisors/detail")).count());
        assertEquals(1, stub.requests().stream().filter(r -> r.path().endsWith("/os-server-groups")).count(),
                "no group: one empty page");
        // A figure for the report, not an assertion: one cycle on loopback, stub included.
        System.out.printf("OpenStack collection with Prometheus, %d hosts, %d instances, %d points each: %d ms%n",
                hosts, hosts * perHost, WINDOW.toSeconds() / 300 + 1, millis);
    }

    @Test
    void labelNamesAreConfigurable() {
        stub.prometheus().labels("host_fqdn", "instance_id");
        CollectionOutcome.Collected custom = assertInstanceOf(CollectionOutcome.Collected.class,
                collector(prometheus("host_fqdn", "instance_id"), Duration.ofSeconds(5)).collect());
        assertEquals(List.of(), custom.warnings());
        assertEquals(45.0, custom.inventory().metrics().hostCpuPercent().get(CMP1).get(0), 1e-9);
        assertEquals(90.0, custom.inventory().metrics().instanceCpuPercent().get(WEB).get(0), 1e-6);

        // Watcher's default labels against this Prometheus: no series match; the cycle warns and plans nothing on
        // guessed values.
        CollectionOutcome.Collected defaults = assertInstanceOf(CollectionOutcome.Collected.class,
                collector(prometheus(null, null), Duration.ofSeconds(5)).collect());
        assertTrue(defaults.inventory().metrics().instanceCpuPercent().isEmpty());
        assertTrue(defaults.inventory().metrics().hostCpuPercent().isEmpty());
        assertTrue(defaults.warnings().stream().anyMatch(w -> w.contains("no node_cpu_seconds_total series with fqdn")),
                defaults.warnings().toString());
        assertEquals(4, defaults.inventory().instances().size(), "the inventory itself is still collected");
    }
}
