package io.pwb.it.ovirt;

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

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service on PostgreSQL, collecting from the HTTPS oVirt engine stub, is restarted while the engine is
 * down: the oVirt cluster it collected before is resumed from the database (the claim stored with the cluster), so a
 * shadow the previous run left RESERVED expires at its deadline although no collection succeeds after the restart.
 */
class OvirtShadowsExpireWhileEngineDownTest {
    private static final String CLUSTER = OvirtEngineStub.CLUSTER_ID;

    @Test
    void aRestoredShadowExpiresAtItsDeadlineWhileNoCollectionSucceeds() throws Exception {
        LocalServices.requirePostgres();
        Services services = LocalServices.get();
        String jdbcUrl = services.freshDatabase("pwb_ovirt_down");
        StoredShadows db = new StoredShadows(services, jdbcUrl);
        Path dir = Files.createTempDirectory("pwb-ovirt-down");
        SelfSignedTls tls = new SelfSignedTls(dir);
        String password = "stub-" + System.nanoTime();
        OvirtEngineStub stub = new OvirtEngineStub(tls.serverContext(), OvirtEngineStubResource.USER, password);
        try {
            OvirtEngineStub.StubHost a = stub.addHost("ovirt-a", 8, 2600, 64L << 30);
            OvirtEngineStub.StubHost b = stub.addHost("ovirt-b", 8, 2600, 64L << 30);
            OvirtEngineStub.StubVm web = stub.addVm("ovirt-web", 4, 8L << 30, a);
            Path workDir = Files.createDirectories(dir.resolve("pwb"));
            Map<String, String> p = services.serviceSettings(jdbcUrl, workDir, "unused");
            p.put("pwb.ingest.kafka-enabled", "false");
            p.put("pwb.ovirt.xmlrpc.enabled", "false");
            p.putAll(OvirtEngineStubResource.collectorSettings(stub, tls, dir, password, "1s"));

            try (PwbApp app = new PwbApp(p, workDir).start()) {
                AbstractServiceTest.await("the oVirt cluster collected and claimed", Duration.ofSeconds(60),
                        () -> ("ovirt " + stub.apiUrl()).equals(db.collectedBy(CLUSTER)));
            }

            // what the balance unit of the previous run would have left: a reservation for a move the engine never made
            Instant created = Instant.now();
            Instant deadline = created.plusSeconds(12);
            Shadow reserved = new Shadow(UUID.randomUUID().toString(), CLUSTER, web.id, a.id, b.id,
                    Resources.of(4 * 2600, 8L << 30), 0.5, 0.8, ShadowState.RESERVED, created, created, deadline, null,
                    false, null, "reserved");
            db.store(reserved);

            stub.down = true; // every call fails from now on: no collection succeeds after the restart
            try (PwbApp again = new PwbApp(p, workDir).start()) {
                AbstractServiceTest.await("the restored shadow expired", Duration.ofSeconds(90),
                        () -> "EXPIRED".equals(StoredShadows.stateOf(again, reserved.id())));
                assertTrue(again.logText().contains("resumed") && again.logText().contains(CLUSTER), again.logTail());
                StoredShadows.assertExpiredAtDeadline(again, reserved.id(), deadline);
                // The restarted PWB did try its collector and the engine refused it: the expiry needed no collection.
                assertTrue(stub.refusedWhileDown.get() > 0, "the restarted PWB never asked the engine");
            }
        } finally {
            stub.close();
        }
    }
}
