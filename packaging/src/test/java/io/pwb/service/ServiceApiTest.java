package io.pwb.service;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.service.planning.EngineService;
import io.pwb.service.planning.PlanningLoop;
import io.pwb.service.store.SampleStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST edge and the storage tiers on the embedded H2 database, in the test profile (no demo). */
@QuarkusTest
@TestProfile(ServiceApiTest.Profile.class)
class ServiceApiTest {
    /** Its own H2 file, no demo, no planning, a known token, a random port. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pwb.database.h2-path", "target/test-h2/pwb", "pwb.demo.enabled", "false",
                    "pwb.planning.enabled", "false", "pwb.api.token", "test-token", "quarkus.http.test-port", "0");
        }
    }

    @Inject
    SampleStore samples;
    @Inject
    PlanningLoop planning;
    @Inject
    EngineService engines;

    final String cluster = "t-" + UUID.randomUUID().toString().substring(0, 8);

    static String sample(String cluster, String vm, Instant at, double value) {
        return "{\"cluster\":\"" + cluster + "\",\"entity\":\"" + vm + "\",\"metric\":\"cpu_percent\",\"timestamp\":\"" + at + "\",\"value\":" + value + "}";
    }

    /**
     * One VM reports CPU in MHz, another in percent: their errors (hundreds of MHz, a few percent) are two series,
     * each the mean of its own metric's errors, never one average of both.
     */
    @Test
    void theForecastErrorIsOneSeriesPerMetricInItsOwnUnit() {
        java.util.Random random = new java.util.Random(7);
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minusSeconds(300L * 100);
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            Instant at = start.plusSeconds(300L * i);
            body.append(i == 0 ? "" : ",").append(sample(cluster, "vm-mhz", "cpu_mhz", at, 2000 + 1000 * random.nextDouble()))
                    .append(',').append(sample(cluster, "vm-pct", "cpu_percent", at, 20 + 10 * random.nextDouble()));
        }
        given().auth().oauth2("test-token").contentType(ContentType.JSON).body(body.append(']').toString())
                .post("/api/v1/samples").then().statusCode(200).body("stored", equalTo(200));
        planning.storeAccuracy();

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double mhz = forecastError(metrics, "cpu_mhz", "MHz");
        double percent = forecastError(metrics, "cpu_percent", "percent");
        assertEquals(mae("vm-mhz", Metric.CPU_MHZ), mhz, 1e-6 * mhz);
        assertEquals(mae("vm-pct", Metric.CPU_PERCENT), percent, 1e-6 * percent);
        assertTrue(percent > 0 && mhz > 10 * percent, "MHz errors and percent errors apart: " + mhz + ", " + percent);
        assertTrue(metrics.lines().filter(l -> l.startsWith("pwb_forecast_error{") && l.contains(cluster)).count() == 2,
                "one series per metric, none mixing them: " + metrics.lines().filter(l -> l.contains("forecast_error")).toList());
    }

    private double mae(String vm, Metric metric) {
        return engines.engine(cluster).series(EntityKind.VM, vm, metric).orElseThrow().accuracy().mae();
    }

    private double forecastError(String metrics, String metric, String unit) {
        String series = "pwb_forecast_error{cluster=\"" + cluster + "\",metric=\"" + metric + "\",unit=\"" + unit + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(series)).map(l -> Double.parseDouble(l.substring(series.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + "in " + metrics.lines()
                        .filter(l -> l.contains("forecast_error")).toList()));
    }

    static String sample(String cluster, String vm, String metric, Instant at, double value) {
        return "{\"cluster\":\"" + cluster + "\",\"entity\":\"" + vm + "\",\"metric\":\"" + metric + "\",\"timestamp\":\""
                + at + "\",\"value\":" + value + "}";
    }

    @Test
    void aNewClusterStartsAdvisoryAndItsSettingsAreValidated() {
        given().auth().oauth2("test-token").contentType(ContentType.JSON)
                .body("[" + sample(cluster, "vm-1", Instant.now().minusSeconds(60), 5) + "]")
                .post("/api/v1/samples").then().statusCode(200).body("stored", equalTo(1));
        given().get("/api/v1/clusters/" + cluster).then().statusCode(200).body("mode", equalTo("advisory"));
        given().auth().oauth2("test-token").contentType(ContentType.JSON).body("{\"mode\":\"fast\",\"cpuThresholdPercent\":0}")
                .put("/api/v1/clusters/" + cluster + "/settings").then().statusCode(400)
                .contentType("application/problem+json").body("errors", hasItem(containsString("mode")));
        given().get("/api/v1/clusters/nope-" + cluster + "/vms").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no cluster"));
    }

    @Test
    void writesNeedTheTokenAndBadBatchesAreRefusedWhole() {
        given().contentType(ContentType.JSON).body("[]").post("/api/v1/samples").then().statusCode(401);
        given().auth().oauth2("wrong").contentType(ContentType.JSON).body("[]").post("/api/v1/samples").then().statusCode(401);
        given().auth().oauth2("test-token").contentType(ContentType.JSON)
                .body("[" + sample(cluster, "vm-1", Instant.now(), 1) + ",{\"cluster\":\"" + cluster + "\"}]")
                .post("/api/v1/samples").then().statusCode(400).body("errors[0]", containsString("sample 1"));
        assertEquals(0, samples.count(cluster), "nothing of a refused batch is stored");
    }

    @Test
    void retentionRollsOldSamplesIntoHourlyProfiles() {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(20)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 12; i++) { // one old hour, 5-minute samples 0..11
            body.append(sample(cluster, "vm-r", old.plusSeconds(300L * i), i)).append(',');
        }
        body.append(sample(cluster, "vm-r", now.minusSeconds(60), 50)).append(']');
        given().auth().oauth2("test-token").contentType(ContentType.JSON).body(body.toString())
                .post("/api/v1/samples").then().statusCode(200).body("stored", equalTo(13));
        int rolled = samples.applyRetention(now.minus(Duration.ofDays(14)).toEpochMilli(), now.minus(Duration.ofDays(365)).toEpochMilli());
        assertTrue(rolled >= 12, "the old hour was rolled up");
        var profiles = samples.hourly(cluster, EntityKind.VM, "vm-r", Metric.CPU_PERCENT);
        assertEquals(1, profiles.size());
        assertEquals(12, profiles.get(0).count());
        assertEquals(5.5, profiles.get(0).mean(), 1e-9);
        assertEquals(0, profiles.get(0).min());
        assertEquals(11, profiles.get(0).max());
        assertEquals(1, samples.series(cluster, EntityKind.VM, "vm-r", Metric.CPU_PERCENT, 0, Long.MAX_VALUE, 100).size(),
                "only the recent raw sample is left");
    }

    @Test
    void openApiDescribesTheApi() {
        given().get("/q/openapi?format=json").then().statusCode(200).body(containsString("/api/v1/clusters/{cluster}/shadows"));
    }
}
