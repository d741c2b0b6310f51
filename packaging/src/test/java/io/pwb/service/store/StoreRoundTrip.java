package io.pwb.service.store;

import io.agroal.api.AgroalDataSource;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.Migration;
import io.pwb.engine.model.Resources;
import io.pwb.engine.shadow.ReservationRequest;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.service.planning.EngineService;
import io.pwb.service.planning.PlanningLoop;
import io.pwb.service.planning.PlanningStatus;
import io.pwb.service.ingest.SampleMessage;
import io.pwb.service.ingest.SampleWriter;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every store's round trip through the one persistence unit (Panache entities, Flyway schema) and the bulk sample
 * path. The same packaged build runs it on H2 ({@link StoreRoundTripOnH2Test}) and on a real PostgreSQL
 * ({@link StoreRoundTripOnPostgresTest}); only {@code pwb.database.*} differs. Each run gets a database of its own.
 */
abstract class StoreRoundTrip {
    @Inject
    Database database;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ClusterSettingsStore clusters;
    @Inject
    InventoryStore inventory;
    @Inject
    DecisionStore decisions;
    @Inject
    ShadowStore shadows;
    @Inject
    PolicyStore policies;
    @Inject
    SampleWriter writer;
    @Inject
    SampleStore samples;
    @Inject
    EngineService engines;
    @Inject
    PlanningLoop planning;
    @Inject
    PlanningStatus status;

    final String cluster = "rt-" + UUID.randomUUID().toString().substring(0, 8);

    /** The database product the configured kind must have reached, as its JDBC driver names it. */
    abstract String expectedProduct();

    /** No demo, no planning, a random port; {@code database} holds the pwb.database.* settings. */
    static Map<String, String> overrides(Map<String, String> database) {
        Map<String, String> all = new HashMap<>(database);
        all.putAll(Map.of("pwb.demo.enabled", "false", "pwb.planning.enabled", "false", "quarkus.http.test-port", "0"));
        return all;
    }

    @Test
    void theConfiguredKindIsTheDatabaseInUseAndReadinessReportsIt() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            assertEquals(expectedProduct(), c.getMetaData().getDatabaseProductName());
        }
        assertEquals("PostgreSQL".equals(expectedProduct()), database.isPostgres());
        RestAssured.get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
    }

    @Test
    void clusterSettingsAndInventory() {
        clusters.ensureExists(cluster);
        assertEquals("advisory", clusters.find(cluster).orElseThrow().mode);
        clusters.update(cluster, "balance", 70.0, null, 3600L);
        ClusterSettingsEntity s = clusters.find(cluster).orElseThrow();
        assertEquals("balance", s.mode);
        assertEquals(70.0, s.cpuThresholdPercent);
        assertEquals(3600L, s.trainingSeconds);
        assertTrue(clusters.all().stream().anyMatch(c -> c.clusterId.equals(cluster)));

        inventory.upsertHost(cluster, "h2", 20_000, 1L << 36, null);
        inventory.upsertHost(cluster, "h1", 10_000, 1L << 35, "HP ML110 G5");
        inventory.upsertHost(cluster, "h1", 12_000, 1L << 35, "HP ML110 G5");
        assertEquals(List.of("h1", "h2"), inventory.hosts(cluster).stream().map(h -> h.entityId).toList());
        assertEquals(12_000, inventory.hosts(cluster).get(0).cpuMhz);
        inventory.upsertVm(cluster, "v1", "h1", 2, 4_000, 1L << 31);
        inventory.placeVm(cluster, "v1", "h2");
        assertEquals("h2", inventory.vm(cluster, "v1").orElseThrow().hostId);
        assertEquals(1, inventory.vms(cluster).size());
    }

    @Test
    void decisionsNewestFirst() {
        for (int i = 0; i < 3; i++) {
            DecisionEntity d = new DecisionEntity();
            d.id = cluster + "-d" + i;
            d.clusterId = cluster;
            d.createdAtMs = 1_000L * i;
            d.vmId = "v1";
            d.sourceHostId = "h1";
            d.targetHostId = "h2";
            d.mode = "balance";
            d.acted = i % 2 == 0;
            d.summary = "move v1 to h2 (" + i + ")";
            d.explanationJson = "{\"i\":" + i + "}";
            decisions.save(d);
        }
        assertEquals(List.of(cluster + "-d2", cluster + "-d1"), decisions.recent(cluster, 2).stream().map(d -> d.id).toList());
        DecisionEntity found = decisions.find(cluster + "-d1").orElseThrow();
        assertFalse(found.acted);
        assertEquals("{\"i\":1}", found.explanationJson);
    }

    @Test
    void aDecisionSavedAgainUnderItsIdIsANoOpThatKeepsTheFirstRecord() throws Exception {
        String id = cluster + "-again";
        assertTrue(decisions.save(decision(id, "first", null)), "a new decision is stored");
        assertFalse(decisions.save(decision(id, "second", "h9")), "the same id again changes nothing");
        assertEquals(1, decisionRows(id));
        DecisionEntity stored = decisions.find(id).orElseThrow();
        assertEquals("first", stored.summary);
        assertEquals(null, stored.targetHostId, "a null host id is stored as NULL");
    }

    /**
     * A rolled-back move leaves a move-back the planner repeats, under the same id, every cycle until the platform
     * acts: the second cycle once failed on the decisions key and the cluster's planning stopped for good.
     */
    @Test
    void aMoveBackRepeatedByTheNextCycleIsRecordedOnceAndPlanningGoesOn() throws Exception {
        inventory.upsertHost(cluster, "h1", 20_000, 1L << 36, null);
        inventory.upsertHost(cluster, "h2", 20_000, 1L << 36, null);
        inventory.upsertVm(cluster, "vm-1", "h2", 2, 4_000, 1L << 31); // it moved h1 -> h2, the move turned out harmful
        ClusterSettingsEntity settings = clusters.update(cluster, "balance", null, null, 0L);
        engines.takeOver(cluster);
        ShadowLedger ledger = engines.ledger();
        Instant now = Instant.now();
        ledger.reserve(new ReservationRequest(cluster, new Migration("vm-1", "h1", "h2"), Resources.of(4_000, 1L << 31),
                0.5, 0.8, cluster + "-move"), now.minusSeconds(300));
        ledger.vmObserved(cluster, "vm-1", "h2", now.minusSeconds(240));
        for (int i = 0; i < ledger.settings().harmfulObservations(); i++) {
            Instant at = now.minusSeconds(180 - 30L * i);
            ledger.targetObserved(cluster, "vm-1", 0.99, at, at);
        }
        Shadow back = ledger.activeFor(cluster, "vm-1").orElseThrow();
        assertTrue(back.moveBack() && back.state() == ShadowState.RESERVED, "the rollback left a pending move-back");
        String moveBackId = "move-back-" + back.id();

        for (int cycle = 0; cycle < 2; cycle++) {
            Instant at = now.plusSeconds(60L * cycle);
            planning.planAndRecord(settings, at);
            PlanningStatus.Outcome outcome = status.of(cluster).orElseThrow();
            assertFalse(outcome.failing(), "cycle " + cycle + " failed: " + outcome.lastError());
            assertEquals(at, outcome.lastSucceededAt());
            assertEquals(back, ledger.activeFor(cluster, "vm-1").orElseThrow(), "still pending: planned again");
        }
        assertEquals(1, decisionRows(moveBackId));
    }

    private DecisionEntity decision(String id, String summary, String targetHostId) {
        DecisionEntity d = new DecisionEntity();
        d.id = id;
        d.clusterId = cluster;
        d.createdAtMs = 1_000L;
        d.vmId = "v1";
        d.sourceHostId = "h1";
        d.targetHostId = targetHostId;
        d.mode = "balance";
        d.summary = summary;
        d.explanationJson = "{}";
        return d;
    }

    private long decisionRows(String id) throws Exception {
        try (Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decisions WHERE id = ?")) {
            ps.setString(1, id);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void shadowsKeepEveryTransitionInOrder() {
        String id = cluster + "-s1";
        long now = System.currentTimeMillis();
        shadows.transition(shadow(id, "RESERVED", now), null, "reserved for the move", now);
        shadows.transition(shadow(id, "MIGRATING", now + 1), "RESERVED", "x".repeat(1500), now + 1);
        shadows.transition(shadow(id, "COMMITTED", now + 2), "MIGRATING", "verified", now + 2);
        ShadowEntity stored = shadows.find(id).orElseThrow();
        assertEquals("COMMITTED", stored.state);
        assertEquals(now + 2, stored.updatedAtMs);
        assertEquals(1, shadows.list(cluster, "COMMITTED", 10).size());
        assertTrue(shadows.list(cluster, "RESERVED", 10).isEmpty());
        var history = shadows.history(id);
        assertEquals(List.of("RESERVED", "MIGRATING", "COMMITTED"), history.stream().map(t -> t.toState).toList());
        assertTrue(history.get(0).id < history.get(1).id && history.get(1).id < history.get(2).id, "generated ids ascend");
        assertEquals(1000, history.get(1).reason.length(), "long reasons are cut to the column");
        assertTrue(shadows.openOrRecent(cluster, List.of("COMMITTED"), now - 24L * 3600 * 1000).stream()
                .anyMatch(s -> s.id.equals(id)), "a shadow closed within the day is restored for its cool-down");
        assertTrue(shadows.openOrRecent(cluster + "-other", List.of("COMMITTED"), 0).isEmpty(),
                "only the cluster taken over");
    }

    private ShadowEntity shadow(String id, String state, long atMs) {
        ShadowEntity s = new ShadowEntity();
        s.id = id;
        s.clusterId = cluster;
        s.decisionId = cluster + "-d0";
        s.vmId = "v1";
        s.sourceHostId = "h1";
        s.targetHostId = "h2";
        s.state = state;
        s.createdAtMs = atMs;
        s.updatedAtMs = atMs;
        s.detailJson = "{}";
        return s;
    }

    @Test
    void dependenciesMaintenanceWindowsCostModelAndAccuracy() {
        policies.replaceDependencies(cluster, List.of(edge("a", "b", 1), edge("b", "c", 2)));
        policies.replaceDependencies(cluster, List.of(edge("c", "a", 3)));
        var edges = policies.dependencies(cluster);
        assertEquals(1, edges.size());
        assertEquals(3, edges.get(0).weight);

        MaintenanceWindowEntity first = policies.addMaintenanceWindow(window("h1", 2_000));
        MaintenanceWindowEntity second = policies.addMaintenanceWindow(window("h2", 1_000));
        assertNotEquals(first.id, second.id);
        assertEquals(List.of(second.id, first.id), policies.maintenanceWindows(cluster).stream().map(w -> w.id).toList());
        assertTrue(policies.deleteMaintenanceWindow(cluster, first.id));
        assertFalse(policies.deleteMaintenanceWindow(cluster, first.id));
        assertEquals(1, policies.maintenanceWindows(cluster).size());

        policies.saveCostModel(cost(0.25));
        policies.saveCostModel(cost(0.30));
        assertEquals(0.30, policies.costModel(cluster).orElseThrow().energyPricePerKwh);

        ForecastAccuracyEntity accuracy = new ForecastAccuracyEntity();
        accuracy.clusterId = cluster;
        accuracy.vmId = "v1";
        accuracy.metric = "cpu_mhz";
        accuracy.model = "ses";
        accuracy.pairs = 10;
        policies.saveAccuracy(accuracy);
        accuracy.pairs = 11;
        accuracy.mae = 2.5;
        policies.saveAccuracy(accuracy); // the same key again: an update, not a second row
    }

    private static DependencyEdgeEntity edge(String from, String to, double weight) {
        DependencyEdgeEntity e = new DependencyEdgeEntity();
        e.fromVmId = from;
        e.toVmId = to;
        e.weight = weight;
        return e;
    }

    private MaintenanceWindowEntity window(String host, long startsAtMs) {
        MaintenanceWindowEntity w = new MaintenanceWindowEntity();
        w.clusterId = cluster;
        w.hostId = host;
        w.startsAtMs = startsAtMs;
        w.endsAtMs = startsAtMs + 3_600_000;
        w.reason = "firmware";
        return w;
    }

    private CostModelEntity cost(double energyPricePerKwh) {
        CostModelEntity m = new CostModelEntity();
        m.clusterId = cluster;
        m.energyPricePerKwh = energyPricePerKwh;
        m.currency = "EUR";
        return m;
    }

    @Test
    void bulkSamplesAreStoredOnceAndKeepTheVmCurrent() {
        List<SampleMessage> batch = List.of(
                new SampleMessage(cluster, EntityKind.VM, "v9", Metric.CPU_MHZ, 60_000, 100, "h1"),
                new SampleMessage(cluster, EntityKind.VM, "v9", Metric.CPU_MHZ, 120_000, 200, "h2"),
                new SampleMessage(cluster, EntityKind.HOST, "h1", Metric.CPU_PERCENT, 60_000, 40, null));
        assertEquals(3, writer.write(batch));
        assertEquals(0, writer.write(batch), "a re-delivered batch is a no-op");
        assertEquals(3, samples.count(cluster));
        assertEquals(List.of(new SampleStore.Point(60_000, 100), new SampleStore.Point(120_000, 200)),
                samples.series(cluster, EntityKind.VM, "v9", Metric.CPU_MHZ, 0, Long.MAX_VALUE, 10));
        assertEquals(120_000L, samples.latestTimestamp(cluster).orElseThrow());
        VmEntity vm = inventory.vm(cluster, "v9").orElseThrow();
        assertEquals("h2", vm.hostId);
        assertEquals(60_000L, vm.firstSampleAtMs);
    }

    @Test
    void theWarmUpReadsTheNewestSampleTimeOfEveryClusterAndAPeriodOldestFirst() {
        String other = cluster + "-b";
        writer.write(List.of(
                new SampleMessage(cluster, EntityKind.VM, "v1", Metric.CPU_MHZ, 180_000, 300, "h1"),
                new SampleMessage(cluster, EntityKind.HOST, "h1", Metric.CPU_PERCENT, 60_000, 40, null),
                new SampleMessage(cluster, EntityKind.VM, "v1", Metric.CPU_MHZ, 120_000, 200, "h1"),
                new SampleMessage(cluster, EntityKind.VM, "v1", Metric.CPU_MHZ, 30_000, 100, "h1"),
                new SampleMessage(other, EntityKind.VM, "v2", Metric.CPU_MHZ, 240_000, 50, "h2")));
        Map<String, Long> newest = samples.latestTimestamps();
        assertEquals(180_000L, newest.get(cluster));
        assertEquals(240_000L, newest.get(other));
        assertFalse(newest.containsKey(cluster + "-none"), "a cluster without samples has no newest time");

        List<SampleStore.Stored> read = new java.util.ArrayList<>();
        assertEquals(3, samples.forEachSince(cluster, 60_000, read::add));
        assertEquals(List.of(
                new SampleStore.Stored(EntityKind.HOST, "h1", Metric.CPU_PERCENT, 60_000, 40),
                new SampleStore.Stored(EntityKind.VM, "v1", Metric.CPU_MHZ, 120_000, 200),
                new SampleStore.Stored(EntityKind.VM, "v1", Metric.CPU_MHZ, 180_000, 300)), read,
                "from the period's start on (inclusive), oldest first, only this cluster's");
        assertEquals(0, samples.forEachSince(cluster, 180_001, read::add));
        assertEquals(3, read.size());
    }
}
