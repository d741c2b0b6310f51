package io.pwb.engine.runtime;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trust read from the files an operator makes with the documented keytool commands, proven by a TLS handshake with
 * a server holding the certificate.
 */
class TrustMaterialTest {

    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static Path serverKey;
    private static Path caPem;
    private static Path pkcs12;
    private static Path jks;

    @BeforeAll
    static void makeCertificates() throws Exception {
        serverKey = dir.resolve("server.p12");
        caPem = dir.resolve("ca.pem");
        pkcs12 = dir.resolve("trust.p12");
        jks = dir.resolve("trust.jks");
        keytool("-genkeypair", "-alias", "engine", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", serverKey.toString(), "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "engine", "-keystore", serverKey.toString(),
                "-storepass", STORE_PASSWORD, "-file", caPem.toString());
        // as docs/ovirt.md says (keytool's default store type is PKCS12), and the same as JKS
        keytool("-importcert", "-noprompt", "-alias", "ovirt-ca", "-file", caPem.toString(),
                "-keystore", pkcs12.toString(), "-storepass", STORE_PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "ovirt-ca", "-file", caPem.toString(), "-storetype", "JKS",
                "-keystore", jks.toString(), "-storepass", STORE_PASSWORD);
    }

    @Test
    void aPemCaFileIsTrusted() throws Exception {
        assertDoesNotThrow(() -> handshake(TrustMaterial.fromCaFile(caPem)));
    }

    @Test
    void aTrustStoreWithItsPasswordIsTrusted() throws Exception {
        assertDoesNotThrow(() -> handshake(TrustMaterial.fromTrustStore(pkcs12, Optional.of(STORE_PASSWORD))));
        assertDoesNotThrow(() -> handshake(TrustMaterial.fromTrustStore(jks, Optional.of(STORE_PASSWORD))));
        assertDoesNotThrow(() -> handshake(TrustMaterial.fromTrustStore(jks, Optional.empty())),
                "a JKS store keeps its certificates readable without the password");
    }

    @Test
    void aPkcs12TrustStoreWithoutItsPasswordIsRefusedAtOnce() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrustMaterial.fromTrustStore(pkcs12, Optional.empty()));
        assertEquals("the trust store " + pkcs12 + " has no certificates; is its password file set? (without its"
                + " password a PKCS12 store shows none)", e.getMessage());
    }

    @Test
    void aWrongTrustStorePasswordNamesTheFileNotThePassword() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrustMaterial.fromTrustStore(pkcs12, Optional.of("not-the-Password-9")));
        assertTrue(e.getMessage().startsWith("cannot read the trust store " + pkcs12), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-Password-9"));
    }

    @Test
    void aCaFileWithoutCertificatesIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrustMaterial.fromCaFile(empty));
        assertTrue(e.getMessage().contains("no certificate in CA file " + empty), e.getMessage());
    }

    @Test
    void anUnrelatedCaIsNotTrusted() throws Exception {
        Path other = dir.resolve("other.p12");
        Path otherPem = dir.resolve("other.pem");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", other.toString(),
                "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", other.toString(),
                "-storepass", STORE_PASSWORD, "-file", otherPem.toString());
        assertThrows(SSLHandshakeException.class, () -> handshake(TrustMaterial.fromCaFile(otherPem)));
    }

    /** One TLS handshake with a loopback server holding the engine's key. */
    private static void handshake(SSLContext client) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKey)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                } catch (Exception ignored) {
                    // the client reports the outcome
                }
            });
            accept.start();
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
            } finally {
                accept.join(10_000);
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finished");
        assertEquals(0, p.exitValue(), output);
    }
}
