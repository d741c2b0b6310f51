package io.pwb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.testsupport.PlatformTools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** The packaged application ({@code packaging/target/quarkus-app}) running as a separate process. */
public final class PwbApp implements AutoCloseable {
    private final Map<String, String> properties;
    private final Path workDir;
    private final Path log;
    // HTTP/1.1: the JDK client's h2c upgrade meets GOAWAY frames from the server on reused connections
    private HttpClient http = client(null);
    private SSLContext tls;
    private Process process;
    private int port;
    private int sslPort;

    public PwbApp(Map<String, String> properties, Path workDir) {
        this.properties = properties;
        this.workDir = workDir;
        this.log = workDir.resolve("pwb.log");
    }

    /**
     * Serve HTTPS on a second ephemeral port ({@code quarkus.http.ssl-port}) and talk to it with a client trusting
     * {@code trust}; the certificate itself and {@code insecure-requests} come with the properties.
     */
    public PwbApp withTls(SSLContext trust) {
        this.tls = trust;
        this.http = client(trust);
        return this;
    }

    private static HttpClient client(SSLContext trust) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        if (trust != null) {
            b.sslContext(trust);
        }
        return b.build();
    }

    public PwbApp start() throws IOException, InterruptedException {
        Path app = Path.of(System.getProperty("pwb.app.dir", "../packaging/target/quarkus-app")).toAbsolutePath();
        Path jar = app.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the application first (./mvnw -B -DskipTests package)");
        }
        port = PlatformTools.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        if (tls != null) {
            sslPort = PlatformTools.freePort();
            cmd.add("-Dquarkus.http.ssl-port=" + sslPort);
        }
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        process = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PWB exited with " + process.exitValue() + " during start-up:\n" + logTail());
            }
            try {
                HttpResponse<String> r = get("/q/health/ready");
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("PWB did not become ready within 90 s:\n" + logTail());
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: graceful shutdown
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The Prometheus text of {@code /q/metrics}; a failure to read it is a test error. */
    public String metrics() {
        try {
            return get("/q/metrics").body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("metrics of the app on port " + port + ": " + e.getMessage(), e);
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String method, String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return tls == null ? plainUri(path) : URI.create("https://127.0.0.1:" + sslPort + path);
    }

    /** The HTTPS port ({@code quarkus.http.ssl-port}) when started {@link #withTls with TLS}. */
    public int httpsPort() {
        return sslPort;
    }

    /** The plain-HTTP address ({@code quarkus.http.port}), also when the app serves HTTPS. */
    public URI plainUri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    /** Reads JSON from the first of {@code apps} that answers (replicas that share one database answer alike). */
    public static JsonNode readFromAny(List<PwbApp> apps, String path) {
        for (PwbApp app : apps) {
            try {
                return new ObjectMapper().readTree(app.get(path).body());
            } catch (Exception stopped) {
                // try the next one
            }
        }
        throw new IllegalStateException("no replica answers " + path);
    }
}
