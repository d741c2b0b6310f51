package io.pwb.it;

import io.pwb.testsupport.PlatformTools;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped {@code packaging/config/application.properties.example}, copied to {@code config/application.properties}
 * with EVERY commented-out setting switched on, starts the packaged application and it becomes ready. So every key
 * the example documents is known to the configuration mappings (an unknown {@code pwb.*} key stops the start).
 *
 * <p>The example's {@code /etc/pwb/...} files are made here, under the working directory, as real files of their kind
 * (TLS key store and PEM pair, trust stores, password and token files). The settings that name external systems keep
 * their example values; the application starts without them: the oVirt engine ({@code pwb.ovirt.engine.url}) and
 * OpenStack ({@code pwb.openstack.auth-url}, Prometheus) collectors run in the background and back off while their
 * hosts cannot be reached, {@code pwb.database.url} is read only with {@code pwb.database.kind=postgresql} (the example
 * keeps h2), and the {@code kafka.*} client settings only with {@code pwb.ingest.kafka-enabled=true} (the example keeps
 * false). Overridden by {@code -D} options, as an operator's environment would: the ports (free ones) and the HTTPS key
 * store's password, which the example leaves empty because it belongs in the environment.
 */
class ExampleConfigurationTest {
    static final String TOKEN = "example-" + UUID.randomUUID();
    /** A commented-out setting: '#' directly followed by a key (explanations start with "# "). */
    static final Pattern COMMENTED_SETTING = Pattern.compile("(?m)^#(?=[a-z][\\w.\"-]*=)");
    static final Pattern ETC_PWB_PATH = Pattern.compile("/etc/pwb/[\\w./-]+");

    @Test
    void theExampleWithEverySettingSwitchedOnStartsAndBecomesReady() throws Exception {
        Path workDir = Files.createTempDirectory("pwb-example-config-");
        Path repo = Path.of(System.getProperty("pwb.repo.dir", ".."));
        String example = Files.readString(repo.resolve("packaging/config/application.properties.example"));

        String allOn = COMMENTED_SETTING.matcher(example).replaceAll("");
        assertTrue(COMMENTED_SETTING.matcher(example).results().count() > 40, "the example has its commented-out settings");
        Path etc = workDir.resolve("etc/pwb");
        String storePassword = "ks-" + UUID.randomUUID();
        Set<String> secrets = new HashSet<>(Set.of(TOKEN, storePassword));
        Set<String> made = makeFiles(etc, storePassword, secrets);
        Set<String> named = ETC_PWB_PATH.matcher(allOn).results().map(r -> r.group().substring("/etc/pwb/".length()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(named, made, "this test makes every file the example names (update it with the example)");
        String config = allOn.replace("/etc/pwb/", etc + "/");
        Files.createDirectories(workDir.resolve("config"));
        Files.writeString(workDir.resolve("config/application.properties"), config);

        int xmlRpcPort = PlatformTools.freePort();
        Map<String, String> overrides = Map.of(
                // the example leaves the password empty: it belongs in the environment (or here, a -D option)
                "quarkus.http.ssl.certificate.key-store-password", storePassword,
                "pwb.ovirt.xmlrpc.port", Integer.toString(xmlRpcPort));
        var trust = TlsTest.trustingOnly(etc.resolve("tls/pwb.p12"), storePassword);
        try (PwbApp app = new PwbApp(overrides, workDir).withTls(trust).start()) {
            // ready over HTTPS only (insecure-requests=disabled)
            assertEquals(200, app.get("/q/health/ready").statusCode());
            // the token file is read: a write with the token passes the bearer check
            HttpResponse<String> write = app.send("PUT", "/api/v1/clusters/example/settings", "{\"mode\":\"advisory\"}", TOKEN);
            assertEquals(200, write.statusCode(), write.body());
            // the oVirt endpoint serves HTTPS with its own key store and password file
            HttpClient client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> discover = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + xmlRpcPort + "/"))
                    .header("Content-Type", "text/xml").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\"?><methodCall><methodName>discover</methodName></methodCall>"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, discover.statusCode(), discover.body());
            assertTrue(discover.body().contains("PwbPredictiveFilter"), discover.body());

            String log = app.logText();
            assertFalse(log.contains("SRCFG"), "no configuration complaint:\n" + app.logTail());
            for (String secret : secrets) {
                assertFalse(log.contains(secret), "a secret appears in the log");
            }
        }
    }

    /** Makes the example's files; returns their paths under /etc/pwb and adds the secrets they hold to {@code secrets}. */
    private static Set<String> makeFiles(Path etc, String storePassword, Set<String> secrets) throws Exception {
        Files.createDirectories(etc.resolve("tls"));
        Path p12 = TlsTest.generateKeyStore(etc.resolve("tls/pwb.p12"), storePassword);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            keys.load(in, storePassword.toCharArray());
        }
        Certificate certificate = keys.getCertificate("pwb");
        String certPem = pem("CERTIFICATE", certificate.getEncoded());
        Files.writeString(etc.resolve("tls/cert.pem"), certPem);
        Files.writeString(etc.resolve("tls/key.pem"), pem("PRIVATE KEY", keys.getKey("pwb", storePassword.toCharArray()).getEncoded()));
        Files.copy(p12, etc.resolve("tls/ovirt-xmlrpc.p12"));
        Files.writeString(etc.resolve("tls/ovirt-xmlrpc.password"), storePassword + "\n");
        Files.writeString(etc.resolve("api-token"), TOKEN + "\n");
        Files.writeString(etc.resolve("db-password"), "unused-with-h2\n");
        Files.copy(p12, etc.resolve("kafka-truststore.p12"));
        Files.writeString(etc.resolve("ovirt-password"), secret("engine-", secrets) + "\n");
        KeyStore engineCa = KeyStore.getInstance("PKCS12");
        engineCa.load(null, null);
        engineCa.setCertificateEntry("engine-ca", certificate);
        try (var out = Files.newOutputStream(etc.resolve("ovirt-ca.p12"))) {
            engineCa.store(out, storePassword.toCharArray());
        }
        Files.writeString(etc.resolve("ovirt-ca-password"), storePassword + "\n");
        Files.writeString(etc.resolve("ovirt-ca.pem"), certPem);
        Files.writeString(etc.resolve("openstack-password"), secret("keystone-", secrets) + "\n");
        Files.writeString(etc.resolve("openstack-ca.pem"), certPem);
        Files.writeString(etc.resolve("prometheus-token"), secret("prometheus-", secrets) + "\n");
        Files.writeString(etc.resolve("prometheus-ca.pem"), certPem);
        try (var files = Files.walk(etc)) {
            return files.filter(Files::isRegularFile).map(f -> etc.relativize(f).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String secret(String prefix, Set<String> secrets) {
        String s = prefix + UUID.randomUUID();
        secrets.add(s);
        return s;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
