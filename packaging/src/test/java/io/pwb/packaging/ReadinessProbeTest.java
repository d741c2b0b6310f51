package io.pwb.packaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.pwb.testsupport.PlatformTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The container's HEALTHCHECK and the systemd unit's ExecStartPost, run exactly as the Containerfile and the unit
 * write them (the installed {@code /opt/pwb/bin/...} is this source tree's {@code packaging/bin/...}), against real
 * HTTP(S) servers and a listening socket standing in for PWB's readiness check and its oVirt XML-RPC port.
 */
class ReadinessProbeTest {
    static final Path PACKAGING = Path.of("").toAbsolutePath();
    static final Path REPO = PACKAGING.getParent();

    @TempDir
    Path workDir;

    final AtomicInteger readiness = new AtomicInteger(200);
    /** The status of each readiness answer, in order. */
    final List<Integer> answered = new CopyOnWriteArrayList<>();
    HttpServer http;
    ServerSocket xmlRpc;

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        serveReadiness(http);
        http.start();
        xmlRpc = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        http.stop(0);
        xmlRpc.close();
    }

    private void serveReadiness(HttpServer server) {
        server.createContext("/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            int status = readiness.get();
            answered.add(status);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    @Test
    void theHealthCheckPassesWhenPwbIsReadyAndTheOvirtPortListens() throws Exception {
        Result r = run(healthCheck(), ports(http.getAddress().getPort(), xmlRpc.getLocalPort()));
        assertEquals(0, r.exit, r.output);
    }

    @Test
    void theHealthCheckFailsWhileReadinessIsDown() throws Exception {
        readiness.set(503);
        Result r = run(healthCheck(), ports(http.getAddress().getPort(), xmlRpc.getLocalPort()));
        assertNotEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("answers 503"), r.output);
    }

    @Test
    void theHealthCheckFailsWhenNothingListens() throws Exception {
        int closed = closedPort();
        Result r = run(healthCheck(), ports(closed, xmlRpc.getLocalPort()));
        assertNotEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("nothing answers on http://127.0.0.1:" + closed + "/q/health/ready"), r.output);
    }

    @Test
    void theOvirtPortCountsUnlessTheEndpointIsDisabled() throws Exception {
        int closed = closedPort();
        Result down = run(healthCheck(), ports(http.getAddress().getPort(), closed));
        assertNotEquals(0, down.exit, down.output);
        assertTrue(down.output.contains("does not listen on 127.0.0.1:" + closed), down.output);

        Map<String, String> disabled = ports(http.getAddress().getPort(), closed);
        disabled.put("PWB_OVIRT_XMLRPC_ENABLED", "false");
        Result r = run(healthCheck(), disabled);
        assertEquals(0, r.exit, r.output);
    }

    /** docs/service.md's TLS-only set-up, given in config/application.properties as an operator would. */
    @Test
    void aTlsOnlyPwbIsAskedOverHttpsWithThePortsOfItsConfigurationFile() throws Exception {
        PlatformTools.require(PlatformTools.onPath("curl"), "curl is not installed on this machine");
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        https.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
        serveReadiness(https);
        https.start();
        try {
            Files.createDirectories(workDir.resolve("config"));
            Files.writeString(workDir.resolve("config/application.properties"), String.join("\n",
                    "quarkus.http.port=" + closedPort(),
                    "quarkus.http.ssl-port = " + https.getAddress().getPort(),
                    "quarkus.http.insecure-requests=disabled",
                    "pwb.ovirt.xmlrpc.host=0.0.0.0",
                    "pwb.ovirt.xmlrpc.port=" + xmlRpc.getLocalPort(), ""));
            Result ready = run(healthCheck(), new HashMap<>());
            assertEquals(0, ready.exit, ready.output);
            assertTrue(ready.output.contains("https://127.0.0.1:" + https.getAddress().getPort()), ready.output);

            readiness.set(503);
            Result notReady = run(healthCheck(), new HashMap<>());
            assertNotEquals(0, notReady.exit, notReady.output);
        } finally {
            https.stop(0);
        }
    }

    @Test
    void theUnitReportsStartedOnlyOncePwbBecomesReady() throws Exception {
        readiness.set(503);
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(2500);
                readiness.set(200);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        later.start();
        Result r = run(unitLine("ExecStartPost"), ports(http.getAddress().getPort(), xmlRpc.getLocalPort()));
        later.join();
        assertEquals(0, r.exit, r.output);
        // It kept asking while PWB answered 503 and stopped at the first 200: the order of the answers, not a clock.
        assertTrue(answered.size() >= 2, "asked again while not ready: " + answered);
        assertEquals(200, answered.get(answered.size() - 1), "reported started before PWB was ready: " + answered);
        assertTrue(answered.subList(0, answered.size() - 1).stream().allMatch(s -> s == 503),
                "kept asking after PWB was ready: " + answered);
    }

    @Test
    void theWaitIsBounded() throws Exception {
        readiness.set(503);
        List<String> probe = unitLine("ExecStartPost");
        probe.set(probe.indexOf("--wait") + 1, "2");
        // run() fails the test if the probe does not end by itself; its message names the bound it gave up at.
        Result r = run(probe, ports(http.getAddress().getPort(), xmlRpc.getLocalPort()));
        assertNotEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("not ready after 2 s"), r.output);
        assertTrue(answered.stream().allMatch(s -> s == 503) && !answered.isEmpty(), "asked while not ready: " + answered);
    }

    @Test
    void theUnitStartsBeforeTheOvirtEngineAndGivesTheProbeTimeToFinish() throws Exception {
        String unit = Files.readString(PACKAGING.resolve("systemd/pwb.service"));
        assertTrue(unitValue(unit, "Before").contains("ovirt-engine.service"));
        List<String> probe = unitLine("ExecStartPost");
        int waitSeconds = Integer.parseInt(probe.get(probe.indexOf("--wait") + 1));
        int timeoutSeconds = Integer.parseInt(unitValue(unit, "TimeoutStartSec"));
        assertTrue(waitSeconds < timeoutSeconds, "systemd would kill the start before the probe gives up");
        // what the unit points to is what its install steps put there
        assertTrue(unit.contains("install -D -m 0755 packaging/bin/pwb-ready /opt/pwb/bin/pwb-ready"));
        assertTrue(unit.contains("install -m 0644 docs/*.md /opt/pwb/docs/"));
        for (String doc : unitValue(unit, "Documentation").split("\\s+")) {
            assertTrue(doc.startsWith("file:///opt/pwb/docs/"), doc);
            assertTrue(Files.isRegularFile(REPO.resolve("docs").resolve(doc.substring("file:///opt/pwb/docs/".length()))), doc);
        }
        assertTrue(Files.readString(PACKAGING.resolve("Containerfile")).contains("COPY packaging/bin/pwb-ready /opt/pwb/bin/pwb-ready"));
    }

    /** The Containerfile's HEALTHCHECK command (exec form). */
    static List<String> healthCheck() throws IOException {
        Matcher m = Pattern.compile("(?m)^HEALTHCHECK .*?CMD (\\[.*])\\s*$").matcher(Files.readString(PACKAGING.resolve("Containerfile")));
        assertTrue(m.find(), "the Containerfile has a HEALTHCHECK ... CMD [...]");
        return installedFromSource(new ArrayList<>(Arrays.asList(new ObjectMapper().readValue(m.group(1), String[].class))));
    }

    /** A command line of the systemd unit (no quoting or specifiers in ours). */
    static List<String> unitLine(String key) throws IOException {
        String value = unitValue(Files.readString(PACKAGING.resolve("systemd/pwb.service")), key);
        return installedFromSource(new ArrayList<>(Arrays.asList(value.split("\\s+"))));
    }

    static String unitValue(String unit, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(unit);
        assertTrue(m.find(), "the unit sets " + key);
        return m.group(1).strip();
    }

    /** /opt/pwb/bin/X as installed is packaging/bin/X here; other programs (/bin/sh, ...) are this machine's. */
    static List<String> installedFromSource(List<String> command) {
        String program = command.get(0);
        if (program.startsWith("/opt/pwb/bin/")) {
            Path source = PACKAGING.resolve("bin").resolve(program.substring("/opt/pwb/bin/".length()));
            assertTrue(Files.isExecutable(source), source + " is missing or not executable");
            command.set(0, source.toString());
        }
        return command;
    }

    record Result(int exit, String output) {
    }

    Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("PWB_"));
        pb.environment().putAll(env);
        // Output to a file, not a pipe read to its end: reading first would wait forever on a probe that never ends.
        Path out = Files.createTempFile(workDir, "probe-", ".out");
        Process p = pb.redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("the probe did not end by itself within 30 s: " + command + " -> " + Files.readString(out));
        }
        return new Result(p.exitValue(), command + " -> " + Files.readString(out));
    }

    static Map<String, String> ports(int http, int xmlRpc) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(http));
        env.put("PWB_OVIRT_XMLRPC_PORT", Integer.toString(xmlRpc));
        return env;
    }

    static int closedPort() throws IOException {
        return PlatformTools.freePort();
    }

    /** A server context with a self-signed certificate made by the JDK's keytool. */
    SSLContext selfSigned() throws Exception {
        Path store = workDir.resolve("probe.p12");
        char[] password = "probe-store".toCharArray();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "pwb", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=pwb.example.com", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(password)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
