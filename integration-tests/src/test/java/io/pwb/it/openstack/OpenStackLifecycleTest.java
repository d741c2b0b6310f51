package io.pwb.it.openstack;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged application, configured with pwb.openstack.*, collects from the OpenStack stub on its own. */
class OpenStackLifecycleTest {

    @Test
    void theApplicationPollsTheCloudAndFeedsTheEngine() throws Exception {
        try (OpenStackStub stub = new OpenStackStub()) {
            stub.addHypervisor(new OpenStackStub.Hypervisor(OpenStackCollectorTest.CMP1, "cmp1.example", "cmp1", "up",
                    "enabled", 16, 65536, 500, 4.0, 0, 30.0));
            stub.addServer(new OpenStackStub.Server(OpenStackCollectorTest.WEB, "web", "active",
                    OpenStackCollectorTest.CMP1, 2, 2048, 10, 40, 1000));
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "pwb-os-").toAbsolutePath();
            Path password = dir.resolve("password");
            Files.writeString(password, "s3cret\n");
            try (PwbProcess pwb = PwbProcess.start(List.of("-Dpwb.database.h2-path=" + dir.resolve("db/pwb"),
                    "-Dpwb.demo.enabled=false", "-Dpwb.openstack.auth-url=" + stub.authUrl(),
                    "-Dpwb.openstack.password-file=" + password, "-Dpwb.openstack.poll-interval=1s"))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline && stub.requests().stream()
                        .noneMatch(r -> r.path().contains("/metric/v1/resource/instance/") && r.status() == 200)) {
                    Thread.sleep(200);
                }
                assertTrue(stub.requests().stream().anyMatch(r -> r.path().endsWith("/servers/detail")),
                        stub.requests().toString());
                assertTrue(stub.requests().stream().anyMatch(r -> r.path().contains("/metric/v1/resource/instance/")
                        && r.status() == 200), "no Gnocchi read:\n" + pwb.log());
                assertTrue(pwb.log().contains("collecting from OpenStack " + stub.authUrl()), pwb.log());

                // The Watcher endpoint is served by the same application.
                HttpResponse<String> shadows = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(pwb.url() + "/api/v1/watcher/shadows")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, shadows.statusCode(), shadows.body());
            }
        }
    }
}
