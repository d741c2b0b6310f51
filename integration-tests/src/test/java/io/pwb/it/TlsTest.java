package io.pwb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application configured for TLS only, as docs/service.md describes it: a PKCS12 key store made here with
 * keytool, HTTPS on an ephemeral port, {@code quarkus.http.insecure-requests=disabled}. The client trusts that one
 * certificate and nothing else.
 */
class TlsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "tls-" + UUID.randomUUID();

    @Test
    void theApiIsServedOverHttpsOnlyAndTheTokenStillGuardsWrites() throws Exception {
        Path workDir = Files.createTempDirectory("pwb-tls-");
        String storePassword = "ks-" + UUID.randomUUID();
        Path keyStore = generateKeyStore(workDir.resolve("pwb-tls.p12"), storePassword);
        Path tokenFile = workDir.resolve("api-token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Map<String, String> p = Map.of(
                "quarkus.http.ssl.certificate.key-store-file", keyStore.toString(),
                "quarkus.http.ssl.certificate.key-store-password", storePassword,
                "quarkus.http.insecure-requests", "disabled",
                "pwb.api.token-file", tokenFile.toString(),
                "pwb.demo.enabled", "false",
                "pwb.ovirt.xmlrpc.enabled", "false"); // its own plain listener on a fixed port, outside Quarkus' TLS

        try (PwbApp app = new PwbApp(p, workDir).withTls(trustingOnly(keyStore, storePassword)).start()) {
            HttpResponse<String> clusters = app.get("/api/v1/clusters");
            assertEquals(200, clusters.statusCode(), clusters.body());
            assertTrue(clusters.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertTrue(JSON.readTree(clusters.body()).isArray(), clusters.body());

            String settings = "{\"mode\":\"balance\"}";
            HttpResponse<String> anonymous = app.send("PUT", "/api/v1/clusters/tls/settings", settings, null);
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            HttpResponse<String> authorised = app.send("PUT", "/api/v1/clusters/tls/settings", settings, TOKEN);
            assertEquals(200, authorised.statusCode(), authorised.body());
            JsonNode listed = JSON.readTree(app.get("/api/v1/clusters").body());
            assertTrue(listed.toString().contains("\"tls\""), "the write over HTTPS took effect: " + listed);

            // insecure-requests=disabled: Quarkus does not open the plain-HTTP port at all
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(ConnectException.class, () -> plain.send(HttpRequest.newBuilder(app.plainUri("/api/v1/clusters"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()));

            assertEquals(200, app.get("/q/metrics").statusCode(), "metrics are on the HTTPS port too");
            assertEquals(200, app.get("/q/openapi").statusCode(), "OpenAPI is on the HTTPS port too");
            // the certificate is what makes the client trust the server: the JVM's default trust store refuses it
            HttpClient defaultTrust = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(SSLHandshakeException.class, () -> defaultTrust.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + app.httpsPort() + "/api/v1/clusters"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()));

            String log = app.logText();
            assertFalse(log.contains(TOKEN), "the token never appears in the log");
            assertFalse(log.contains(storePassword), "the key store password never appears in the log");
        }
    }

    /** A self-signed RSA key pair for localhost and 127.0.0.1, made by the JDK's keytool. */
    static Path generateKeyStore(Path file, String password) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "pwb", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", password, "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
        return file;
    }

    /** TLS context whose only trust anchor is the certificate in {@code keyStoreFile}. */
    static SSLContext trustingOnly(Path keyStoreFile, String password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keys.load(in, password.toCharArray());
        }
        Certificate certificate = keys.getCertificate("pwb");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("pwb", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
