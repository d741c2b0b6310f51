package io.pwb.it.openstack;

import io.pwb.it.ovirt.SelfSignedTls;
import io.pwb.openstack.collector.CollectionOutcome;
import io.pwb.openstack.collector.OpenStackCollector;
import io.pwb.openstack.collector.OpenStackInventory;
import io.pwb.openstack.collector.OpenStackPoller;
import io.pwb.openstack.collector.OpenStackSettings;
import io.pwb.openstack.watcher.WatcherNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collector against the OpenStack stub served over HTTPS only, with a certificate of a private CA: Keystone,
 * Nova, Placement and Gnocchi are trusted through {@code pwb.openstack.ca-file} and nothing else (OpenStack4j's
 * calls through PWB's JDK connector, which honours Config.withSSLContext; Nova's servers and Gnocchi through
 * JsonHttp).
 */
class OpenStackTlsTest {

    /** The cloud's certificate, and another CA's (keytool takes seconds: made once). */
    static SelfSignedTls tls;
    static SelfSignedTls otherCa;
    static Path password;
    OpenStackStub stub;

    @BeforeAll
    static void certificates() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "os-tls-");
        tls = new SelfSignedTls(Files.createDirectory(dir.resolve("cloud")));
        otherCa = new SelfSignedTls(Files.createDirectory(dir.resolve("other")));
        password = Files.writeString(dir.resolve("password"), "s3cret\n");
    }

    @BeforeEach
    void start() throws Exception {
        stub = OpenStackCollectorTest.twoHostCloud(tls.serverContext());
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void keystoneNovaPlacementAndGnocchiAreReadOverHttpsTrustedThroughTheCaFile() {
        assertTrue(stub.authUrl().startsWith("https://"), stub.authUrl());
        CollectionOutcome outcome = collector(tls.certificate).collect();
        if (outcome instanceof CollectionOutcome.Failed f) {
            throw new AssertionError("collection over HTTPS failed: " + f.reason());
        }
        OpenStackInventory inventory = ((CollectionOutcome.Collected) outcome).inventory();
        WatcherNode cmp1 = inventory.nodes().stream().filter(n -> n.uuid().equals(OpenStackCollectorTest.CMP1))
                .findFirst().orElseThrow();
        assertEquals(2, cmp1.vcpuReserved(), "Placement's inventory was read");
        assertEquals(4.0, cmp1.vcpuRatio(), 1e-9);
        assertEquals(4, inventory.instances().size());
        assertEquals(1, inventory.serverGroups().size());
        assertEquals(45.0, inventory.metrics().hostCpuPercent().get(OpenStackCollectorTest.CMP1).get(0), 1e-9);
        assertEquals(1, stub.tokensIssued());
        assertTrue(stub.requests().stream().anyMatch(r -> r.path().endsWith("/inventories") && r.status() == 200),
                stub.requests().toString());
    }

    @Test
    void aCertificateTheCaFileDoesNotVouchForFailsTheCycleClearlyWithBackOff() {
        OpenStackCollector collector = collector(otherCa.certificate);
        OpenStackPoller poller = CollectorPipeline.of(collector).poller();

        OpenStackPoller.Cycle first = poller.runOnce();
        CollectionOutcome.Failed failed = assertInstanceOf(CollectionOutcome.Failed.class, first.outcome());
        // OpenStack4j's login through PWB's connector is the first call: it names Keystone's URL and the CA file.
        assertTrue(failed.reason().startsWith("OpenStack at " + stub.authUrl() + "/auth/tokens cannot be reached: "
                + "its TLS certificate is not trusted by the CA file " + otherCa.certificate
                + " (pwb.openstack.ca-file) or does not name the host ("), failed.reason());
        assertEquals(Duration.ofSeconds(1), first.nextRunIn(), "the collector's back-off, not the poll interval");
        assertEquals(Duration.ofSeconds(2), poller.runOnce().nextRunIn(), "the back-off doubles");
        assertEquals(0, stub.tokensIssued(), "no request got through");
    }

    @Test
    void withoutACaFileTheJvmTrustStoreRefusesThePrivateCa() {
        CollectionOutcome.Failed failed = assertInstanceOf(CollectionOutcome.Failed.class, collector(null).collect());
        assertTrue(failed.reason().contains("not trusted by the JVM's trust store (pwb.openstack.ca-file is not set)"),
                failed.reason());
    }

    private OpenStackCollector collector(Path caFile) {
        return new OpenStackCollector(new OpenStackSettings(stub.authUrl(), "pwb", "Default", "admin", "Default",
                password, null, caFile, null, Duration.ofHours(1), 300, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(8)), Clock.systemUTC());
    }
}
