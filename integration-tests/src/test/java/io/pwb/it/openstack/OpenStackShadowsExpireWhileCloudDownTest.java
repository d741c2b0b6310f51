package io.pwb.it.openstack;

import io.pwb.engine.model.Resources;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.it.AbstractServiceTest;
import io.pwb.it.LocalServices;
import io.pwb.it.PwbApp;
import io.pwb.it.Services;
import io.pwb.it.StoredShadows;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service on PostgreSQL, collecting from the OpenStack stub, is restarted after the stub has gone (its
 * port refuses connections): the Watcher cluster the collector claimed before is resumed from the database, so a
 * shadow the previous run left RESERVED expires at its deadline although no collection succeeds and no Watcher audit
 * arrives after the restart. Before that, a server of unknown size is warned about once, not every cycle.
 */
class OpenStackShadowsExpireWhileCloudDownTest {
    private static final String CLUSTER = "openstack"; // pwb.watcher.cluster-id's default
    private static final String SIZE_UNKNOWN = "Nova did not report the flavor's vCPUs and memory of 1 server(s)";

    @Test
    void aRestoredShadowExpiresAtItsDeadlineWhileOpenStackCannotBeReached() throws Exception {
        LocalServices.requirePostgres();
        Services services = LocalServices.get();
        String jdbcUrl = services.freshDatabase("pwb_openstack_down");
        StoredShadows db = new StoredShadows(services, jdbcUrl);
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "pwb-os-down-")
                .toAbsolutePath();
        Path workDir = Files.createDirectories(dir.resolve("pwb"));
        Path password = dir.resolve("password");
        Files.writeString(password, "s3cret\n");
        Map<String, String> p = services.serviceSettings(jdbcUrl, workDir, "unused");
        p.put("pwb.ingest.kafka-enabled", "false");
        p.put("pwb.ovirt.xmlrpc.enabled", "false");
        p.put("pwb.openstack.password-file", password.toString());
        p.put("pwb.openstack.poll-interval", "1s");

        OpenStackStub stub = new OpenStackStub();
        String collector;
        int firstRunLog;
        try (stub) {
            stub.addHypervisor(new OpenStackStub.Hypervisor(OpenStackCollectorTest.CMP1, "cmp1.example", "cmp1", "up",
                    "enabled", 16, 65536, 500, 4.0, 0, 30.0));
            stub.addServer(new OpenStackStub.Server(OpenStackCollectorTest.WEB, "web", "active",
                    OpenStackCollectorTest.CMP1, 2, 2048, 10, 40, 1000));
            stub.addServer(new OpenStackStub.Server(OpenStackCollectorTest.CACHE, "cache", "active",
                    OpenStackCollectorTest.CMP1, 2, 2048, 10, 10, 1000));
            stub.flavorUnknown(OpenStackCollectorTest.CACHE);
            p.put("pwb.openstack.auth-url", stub.authUrl());
            collector = "openstack " + stub.authUrl();
            try (PwbApp app = new PwbApp(p, workDir).start()) {
                AbstractServiceTest.await("the Watcher cluster collected and claimed", Duration.ofSeconds(60),
                        () -> collector.equals(db.collectedBy(CLUSTER)));
                AbstractServiceTest.await("three collections", Duration.ofSeconds(60), () -> stub.requests().stream()
                        .filter(r -> r.path().endsWith("/servers/detail") && r.status() == 200).count() >= 3);
                String log = app.logText();
                // the first cycle's report is logged before the second cycle starts, the second's before the third
                assertEquals(1, occurrences(log, SIZE_UNKNOWN), "the same server of unknown size warned once:\n" + log);
                firstRunLog = log.length();
            }
        }

        // what an audit of the previous run would have left: a reservation for a move Watcher never made
        Instant created = Instant.now();
        Instant deadline = created.plusSeconds(12);
        Shadow reserved = new Shadow(UUID.randomUUID().toString(), CLUSTER, OpenStackCollectorTest.WEB,
                OpenStackCollectorTest.CMP1, OpenStackCollectorTest.CMP2, Resources.of(2000, 2048L << 20), 0.5, 0.8,
                ShadowState.RESERVED, created, created, deadline, null, false, null, "reserved");
        db.store(reserved);

        try (PwbApp again = new PwbApp(p, workDir).start()) {
            AbstractServiceTest.await("the restored shadow expired", Duration.ofSeconds(90),
                    () -> "EXPIRED".equals(StoredShadows.stateOf(again, reserved.id())));
            String log = again.logText().substring(firstRunLog);
            assertTrue(log.contains("OpenStack clusters collected before the restart resumed") && log.contains(CLUSTER),
                    log);
            assertTrue(log.contains("OpenStack collection failed") && log.contains("cannot be reached"), log);
            StoredShadows.assertExpiredAtDeadline(again, reserved.id(), deadline);
            assertEquals(collector, db.collectedBy(CLUSTER), "the claim stays with the cluster");
        }
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
