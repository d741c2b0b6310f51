package io.pwb.it.ovirt;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts the HTTPS oVirt engine stub before the application and points {@code pwb.ovirt.engine.*} at it. */
public class OvirtEngineStubResource implements QuarkusTestResourceLifecycleManager {

    static final String USER = "pwb@internal";
    static volatile OvirtEngineStub stub;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("pwb-ovirt-stub");
            SelfSignedTls tls = new SelfSignedTls(dir);
            String password = "stub-" + System.nanoTime();
            stub = new OvirtEngineStub(tls.serverContext(), USER, password);
            OvirtEngineStub.StubHost a = stub.addHost("ovirt-a", 8, 2600, 64L << 30);
            OvirtEngineStub.StubHost b = stub.addHost("ovirt-b", 8, 2600, 64L << 30);
            a.cpuUserPercent = 40;
            b.cpuUserPercent = 10;
            OvirtEngineStub.StubVm web = stub.addVm("ovirt-web", 4, 8L << 30, a);
            web.cpuGuestPercent = 60;
            web.memoryUsedBytes = 6L << 30;
            stub.addVm("ovirt-db", 2, 4L << 30, b).cpuGuestPercent = 20;
            return collectorSettings(stub, tls, dir, password, "2s");
        } catch (Exception e) {
            throw new IllegalStateException("the oVirt engine stub did not start", e);
        }
    }

    /**
     * {@code pwb.ovirt.engine.*} pointing PWB's collector at {@code stub} (user {@link #USER}), trusting its
     * certificate; the password files are written to {@code dir}, as an operator would keep them.
     */
    static Map<String, String> collectorSettings(OvirtEngineStub stub, SelfSignedTls tls, Path dir, String password,
                                                 String pollInterval) throws IOException {
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, password + "\n");
        Path trustPassword = dir.resolve("truststore-password");
        Files.writeString(trustPassword, SelfSignedTls.STORE_PASSWORD);
        return Map.of(
                "pwb.ovirt.engine.url", stub.apiUrl(),
                "pwb.ovirt.engine.user", USER,
                "pwb.ovirt.engine.password-file", passwordFile.toString(),
                "pwb.ovirt.engine.trust-store", tls.trustStore.toString(),
                "pwb.ovirt.engine.trust-store-password-file", trustPassword.toString(),
                "pwb.ovirt.engine.poll-interval", pollInterval);
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
