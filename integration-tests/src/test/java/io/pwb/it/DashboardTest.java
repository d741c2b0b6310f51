package io.pwb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The operator dashboard at {@code /}: the application serves the page and its assets, and every API path in the
 * page's path table (dashboard.js, between the API-PATHS markers) answers JSON with the fields the page reads, for
 * the demo cluster once it has made a decision and reserved a shadow.
 */
@QuarkusTest
@TestProfile(DashboardTest.FastDemo.class)
class DashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([a-z0-9_-]+\\.(?:js|css))\"");
    private static final Pattern REMOTE = Pattern.compile("(?:src|href)=\"(?:https?:)?//");
    private static final Pattern TABLE = Pattern.compile("// API-PATHS-BEGIN(.*?)// API-PATHS-END", Pattern.DOTALL);
    private static final Pattern ENTRY = Pattern.compile("(\\w+):\\s*'(/api/[^']*)'");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    /** A field the page reads from each answer (JSON pointer), so that a renamed field fails here, not in a browser. */
    private static final Map<String, String> READS = Map.of(
            "clusters", "/0/cpuThresholdPercent",
            "hosts", "/0/cpuMhz",
            "vms", "/0/hostId",
            "hostCpuNow", "/points/0/value",
            "projection", "/steps/0/utilisation",
            "decisions", "/0/summary",
            "decision", "/explanation/explanation/criteria/0/normalised",
            "shadows", "/0/state",
            "shadowHistory", "/0/toState",
            "forecast", "/forecasts/cpu_mhz/upper/0");

    /** The demo cluster on a faster clock, so that its first decision comes within seconds. */
    public static class FastDemo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pwb.demo.speedup", "6000");
        }
    }

    @TestHTTPResource("/")
    URI root;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesThePageAndItsAssets() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(contentType(page).startsWith("text/html"), contentType(page));
        Matcher assets = ASSET.matcher(page.body());
        Map<String, String> expectedTypes = Map.of("js", "javascript", "css", "text/css");
        int found = 0;
        while (assets.find()) {
            String asset = assets.group(1);
            HttpResponse<String> r = get("/" + asset);
            assertEquals(200, r.statusCode(), asset);
            String ext = asset.substring(asset.lastIndexOf('.') + 1);
            assertTrue(contentType(r).contains(expectedTypes.get(ext)), asset + " is served as " + contentType(r));
            assertFalse(r.body().isBlank(), asset);
            found++;
        }
        assertEquals(2, found, "index.html loads dashboard.js and dashboard.css");
        assertFalse(REMOTE.matcher(page.body()).find(), "no asset from another host: PWB hosts may have no internet");
    }

    @Test
    void everyApiPathThePageReadsAnswersJsonForTheDemoCluster() throws Exception {
        Map<String, String> paths = pathTable(get("/dashboard.js").body());
        assertTrue(paths.keySet().containsAll(READS.keySet()), "the page's path table: " + paths.keySet());

        // The demo cluster is seeded in the background: wait for a decision and a shadow to exist.
        Map<String, String> values = new LinkedHashMap<>(Map.of("cluster", "demo"));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode decisions = JSON.createArrayNode();
        JsonNode shadows = JSON.createArrayNode();
        while (System.nanoTime() < deadline && (decisions.isEmpty() || shadows.isEmpty())) {
            Thread.sleep(500);
            decisions = json(fill(paths.get("decisions"), values));
            shadows = json(fill(paths.get("shadows"), values));
        }
        assertFalse(decisions.isEmpty(), "the demo cluster made a decision within two minutes");
        assertFalse(shadows.isEmpty(), "the demo cluster reserved a shadow within two minutes");
        values.put("decision", decisions.get(0).get("id").asText());
        values.put("vm", decisions.get(0).get("vmId").asText());
        values.put("shadow", shadows.get(0).get("id").asText());
        values.put("host", decisions.get(0).get("sourceHostId").asText());

        for (Map.Entry<String, String> entry : paths.entrySet()) {
            String path = fill(entry.getValue(), values);
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), entry.getKey() + ": GET " + path + " -> " + r.body());
            assertTrue(contentType(r).startsWith("application/json"), entry.getKey() + " answers " + contentType(r));
            JsonNode body = JSON.readTree(r.body());
            String pointer = READS.get(entry.getKey());
            if (pointer != null) {
                assertFalse(body.at(pointer).isMissingNode(), entry.getKey() + ": GET " + path + " has no " + pointer + ": " + r.body());
            }
        }
    }

    @Test
    void aMissingClusterIsAProblemDetailThePageCanShow() throws Exception {
        Map<String, String> paths = pathTable(get("/dashboard.js").body());
        HttpResponse<String> r = get(fill(paths.get("hosts"), Map.of("cluster", "no-such-cluster")));
        assertEquals(404, r.statusCode());
        assertTrue(contentType(r).startsWith("application/problem+json"), contentType(r));
        JsonNode problem = JSON.readTree(r.body());
        assertEquals(404, problem.get("status").asInt());
        assertTrue(problem.get("detail").asText().contains("no-such-cluster"), r.body());
    }

    /** The page's path table; any other API path literal in the script is an error (the table is the one source). */
    static Map<String, String> pathTable(String script) {
        Matcher table = TABLE.matcher(script);
        assertTrue(table.find(), "dashboard.js has its API-PATHS table");
        Map<String, String> paths = new LinkedHashMap<>();
        Matcher entry = ENTRY.matcher(table.group(1));
        while (entry.find()) {
            paths.put(entry.group(1), entry.group(2));
        }
        assertFalse(paths.isEmpty(), "the API-PATHS table has entries");
        String outside = script.substring(0, table.start()) + script.substring(table.end());
        assertFalse(outside.contains("/api/"), "every API path of dashboard.js is in its API-PATHS table");
        return paths;
    }

    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                fail("the test has no value for {" + m.group(1) + "} in " + template + "; known: " + List.copyOf(values.keySet()));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), "GET " + path + " -> " + r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }
}
