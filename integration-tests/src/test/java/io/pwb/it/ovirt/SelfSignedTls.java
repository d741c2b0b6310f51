package io.pwb.it.ovirt;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1, made in the test with the JDK's keytool: a key store for the stub
 * server and a trust store holding only that certificate for the client (as an engine's CA would be).
 */
public final class SelfSignedTls {

    static final String STORE_PASSWORD = "stub-store-pass";

    final Path keyStore;
    final Path trustStore;
    /** The certificate alone (PEM), as a CA file for clients that take one. */
    public final Path certificate;
    /** The certificate alone (PEM), as the engine's {@code ca.pem}. */
    final Path caPem;
    /** A trust store made as docs/ovirt.md says (keytool's default type, PKCS12), password {@link #STORE_PASSWORD}. */
    final Path pkcs12TrustStore;

    public SelfSignedTls(Path dir) throws Exception {
        keyStore = dir.resolve("stub-key.p12");
        trustStore = dir.resolve("engine-ca.jks");
        Path cert = dir.resolve("stub.cer");
        certificate = cert;
        keytool("-genkeypair", "-alias", "stub", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1, O=PWB test", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "stub", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "engine-ca", "-file", cert.toString(), "-storetype", "JKS",
                "-keystore", trustStore.toString(), "-storepass", STORE_PASSWORD);
        caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "stub", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
                "-file", caPem.toString());
        pkcs12TrustStore = dir.resolve("ovirt-ca.p12");
        keytool("-importcert", "-noprompt", "-alias", "ovirt-ca", "-file", caPem.toString(),
                "-keystore", pkcs12TrustStore.toString(), "-storepass", STORE_PASSWORD);
    }

    public SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static void keytool(String... args) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(keytool.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}
