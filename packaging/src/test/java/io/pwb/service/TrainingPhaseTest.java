package io.pwb.service;

import io.pwb.engine.planning.Decision;
import io.pwb.engine.planning.PlanResult;
import io.pwb.service.planning.PlanningLoop;
import io.pwb.service.store.ClusterSettingsStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A VM in its training phase (less than the cluster's training period of samples) is never moved by the planning
 * loop; once the training period is covered, the same overloaded cluster gets a move.
 */
@QuarkusTest
@TestProfile(ServiceApiTest.Profile.class)
class TrainingPhaseTest {
    private static final int STEPS = 240; // 20 hours of five-minute samples: less than the default day of training
    private static final long GB = 1L << 30;

    @Inject
    PlanningLoop planning;
    @Inject
    ClusterSettingsStore clusters;

    final String cluster = "train-" + UUID.randomUUID().toString().substring(0, 8);
    // VM ids unique per run: the one shadow ledger of a replica is keyed by VM id across clusters, and the test H2
    // file (with its shadows) outlives a run
    final String v1 = cluster + "-v1";
    final String v2 = cluster + "-v2";
    final String v3 = cluster + "-v3";

    private static String sample(String cluster, String vm, String host, Instant at, double cpuMhz) {
        return "{\"cluster\":\"" + cluster + "\",\"entity\":\"" + vm + "\",\"host\":\"" + host
                + "\",\"metric\":\"cpu_mhz\",\"timestamp\":\"" + at + "\",\"value\":" + cpuMhz + "}";
    }

    /** h1 carries v1 (steady 3,000 MHz) and v2 (climbing towards 5,000 MHz); h2 carries v3 (1,000 MHz). */
    private Instant feedOverloadedCluster() {
        for (String host : List.of("h1", "h2")) {
            given().auth().oauth2("test-token").contentType(ContentType.JSON)
                    .body("{\"cpuMhz\":10000,\"memoryBytes\":" + 64 * GB + "}")
                    .put("/api/v1/clusters/" + cluster + "/hosts/" + host).then().statusCode(200);
        }
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(300L * STEPS);
        StringBuilder body = new StringBuilder("[");
        Instant last = start;
        for (int i = 0; i < STEPS; i++) {
            last = start.plusSeconds(300L * i);
            body.append(sample(cluster, v1, "h1", last, 3000)).append(',')
                    .append(sample(cluster, v2, "h1", last, 1000 + 40.0 * Math.max(0, i - 140))).append(',')
                    .append(sample(cluster, v3, "h2", last, 1000)).append(i + 1 < STEPS ? "," : "]");
        }
        given().auth().oauth2("test-token").contentType(ContentType.JSON).body(body.toString())
                .post("/api/v1/samples").then().statusCode(200).body("stored", equalTo(3 * STEPS));
        for (String[] vm : List.of(new String[]{v1, "h1"}, new String[]{v2, "h1"}, new String[]{v3, "h2"})) {
            given().auth().oauth2("test-token").contentType(ContentType.JSON)
                    .body("{\"hostId\":\"" + vm[1] + "\",\"vcpus\":4,\"cpuMhz\":8000,\"memoryBytes\":" + 4 * GB + "}")
                    .put("/api/v1/clusters/" + cluster + "/vms/" + vm[0]).then().statusCode(200);
        }
        return last.plusSeconds(60);
    }

    private void settings(String json) {
        given().auth().oauth2("test-token").contentType(ContentType.JSON).body(json)
                .put("/api/v1/clusters/" + cluster + "/settings").then().statusCode(200);
    }

    @Test
    void vmsInTrainingAreNeverMovedAndAreOnceTheirHistoryCoversTheTrainingPeriod() {
        Instant now = feedOverloadedCluster();
        settings("{\"mode\":\"balance\"}");
        given().get("/api/v1/clusters/" + cluster).then().statusCode(200).body("trainingSeconds", equalTo(86400));

        for (int cycle = 0; cycle < 3; cycle++) {
            PlanResult plan = planning.planOnce(clusters.find(cluster).orElseThrow(), now.plusSeconds(60L * cycle));
            assertTrue(plan.decisions().isEmpty(), "a VM with 20 h of samples is in training and is not moved: " + plan.decisions());
        }
        given().get("/api/v1/clusters/" + cluster + "/decisions").then().statusCode(200).body("$", empty());
        given().get("/api/v1/clusters/" + cluster + "/shadows").then().statusCode(200).body("$", empty());

        // The same history is enough once the cluster's training period is shorter than it.
        settings("{\"trainingSeconds\":36000}");
        PlanResult plan = planning.planOnce(clusters.find(cluster).orElseThrow(), now.plusSeconds(300));
        assertEquals(1, plan.decisions().size(), plan.notes().toString());
        Decision d = plan.decisions().get(0);
        assertEquals("h1", d.migration().sourceHostId());
        assertEquals("h2", d.migration().targetHostId());
        assertFalse(d.advisory(), "balance mode acts on the decision");
        given().get("/api/v1/clusters/" + cluster + "/decisions").then().statusCode(200).body("$", not(empty()))
                .body("[0].id", equalTo(d.id()));
    }
}
