package io.pwb.ovirt.conformance;

import io.pwb.ovirt.http.XmlRpcTls;
import io.pwb.ovirt.proxy.ScoreTuples;
import io.pwb.ovirt.proxy.SchedulerUnits;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.pwb.ovirt.conformance.ScriptedBackend.H1;
import static io.pwb.ovirt.conformance.ScriptedBackend.H2;
import static io.pwb.ovirt.conformance.ScriptedBackend.VM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpoint over HTTPS, called the way the oVirt engine calls an {@code https://} ExternalSchedulerServiceURL:
 * Apache XML-RPC 3.1.3's Sun transport, i.e. HttpsURLConnection with the JVM's default trust (here: only the
 * certificate keytool made for this test) and the default host name check against the certificate's SAN.
 */
class TlsEndpointTest {

    private static final String PASSWORD = "pwb-test-Secret-7";

    @TempDir
    static Path dir;
    private static Path keyStore;
    private static Path passwordFile;
    private static EndpointFixture fixture;
    private static SSLSocketFactory previousFactory;
    private static SSLContext trustsOnlyPwb;

    @BeforeAll
    static void start() throws Exception {
        keyStore = dir.resolve("pwb.p12");
        keytool("-genkeypair", "-alias", "pwb", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        passwordFile = Files.writeString(dir.resolve("pwb.password"), PASSWORD + "\n", StandardCharsets.UTF_8);
        trustsOnlyPwb = trustingOnly(certificateOf(keyStore));
        fixture = new EndpointFixture(new ScriptedBackend(), ScoreTuples.PER_UNIT, XmlRpcLimits.DEFAULT,
                Optional.of(new XmlRpcTls(keyStore, passwordFile)));
        previousFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
        HttpsURLConnection.setDefaultSSLSocketFactory(trustsOnlyPwb.getSocketFactory());
    }

    @AfterAll
    static void stop() throws Exception {
        if (previousFactory != null) {
            HttpsURLConnection.setDefaultSSLSocketFactory(previousFactory);
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theEnginesClientDiscoversAndScoresOverHttps() throws Exception {
        EngineClient engine = new EngineClient(fixture.url("/"));
        assertTrue(fixture.url("/").startsWith("https://127.0.0.1:"));
        assertEquals(3, EngineReplyParser.discoverResult(engine.discover()).size());
        Object reply = engine.runCostFunctions(List.<Object[]>of(new Object[]{SchedulerUnits.WEIGHT, 2}),
                new String[]{H1, H2}, VM, "");
        assertEquals(0, EngineReplyParser.common(reply).resultCode());
        assertEquals(List.of(new EngineReplyParser.Score(UUID.fromString(H1), 50, SchedulerUnits.WEIGHT),
                new EngineReplyParser.Score(UUID.fromString(H2), 50, SchedulerUnits.WEIGHT)),
                EngineReplyParser.scoreResult(reply));
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() throws Exception {
        EngineClient plain = new EngineClient("http://127.0.0.1:" + fixture.port + "/");
        assertThrows(XmlRpcException.class, plain::discover);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
        // The JVM's stock trust store does not know the test certificate.
        TrustManagerFactory stock = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        stock.init((KeyStore) null);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, stock.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", fixture.port)) {
            socket.setSoTimeout(10_000);
            assertThrows(SSLHandshakeException.class, socket::startHandshake);
        }
    }

    @Test
    void aWrongPasswordIsReportedWithoutTheSecret() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong.password"), "not-the-password", StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> new EndpointFixture(new ScriptedBackend(),
                ScoreTuples.PER_UNIT, XmlRpcLimits.DEFAULT, Optional.of(new XmlRpcTls(keyStore, wrong))).close());
        assertTrue(e.getMessage().contains(keyStore.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
    }

    @Test
    void theKeyStoreTypeFollowsTheExtension() {
        assertEquals("PKCS12", XmlRpcTls.type(Path.of("/etc/pwb/pwb.P12")));
        assertEquals("PKCS12", XmlRpcTls.type(Path.of("pwb.pfx")));
        assertEquals("JKS", XmlRpcTls.type(Path.of("pwb.jks")));
        assertThrows(IllegalArgumentException.class, () -> new XmlRpcTls(Path.of("pwb.pem"), passwordFile));
        assertThrows(IllegalArgumentException.class, () -> new XmlRpcTls(keyStore, null));
    }

    private static void keytool(String... args) throws Exception {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finished");
        assertEquals(0, p.exitValue(), output);
    }

    private static Certificate certificateOf(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(p12.toFile())) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks.getCertificate("pwb");
    }

    private static SSLContext trustingOnly(Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("pwb", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
