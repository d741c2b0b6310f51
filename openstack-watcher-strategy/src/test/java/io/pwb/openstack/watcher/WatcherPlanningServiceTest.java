package io.pwb.openstack.watcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.engine.model.AffinityRule;
import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowSettings;
import io.pwb.engine.shadow.ShadowState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatcherPlanningServiceTest {

    private static final String I73 = "73b09e16-35b7-4922-804e-e8f5d9b740fc";

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final WatcherShadowBook shadows = newBook();
    private final WatcherPlanningService service = new WatcherPlanningService(LoadForecaster.latestValue(),
            InstanceHistory.none(), TrustedForecasts.none(), shadows, new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now.get();
                }
            });

    @Test
    void scenario6MakesTheSingleMoveOfUpstreamWorkloadBalance() {
        WatcherPlanResponse answer = service.plan(WatcherScenario.load("scenario_6_with_2_nodes").request(25, null));

        assertEquals(1, answer.moves().size(), answer.notes().toString());
        WatcherMove move = answer.moves().get(0);
        assertEquals(I73, move.instanceUuid());
        assertEquals("hostname_0", move.sourceHostname());
        assertEquals("hostname_1", move.destinationHostname());
        assertEquals("live", move.migrationType());
        assertNotNull(move.shadowId());
        // Node_0 13 of 40 vCPUs, Node_1 3 of 40: sd 0.125; after the move both carry 8.
        assertEquals(0.125, answer.cpuStdDevBefore(), 1e-9);
        assertEquals(0.0, answer.cpuStdDevAfter(), 1e-9);
        assertTrue(move.explanation().contains("32.5%"), move.explanation());
    }

    @Test
    void scenario1MovesOnlyFromTheOverloadedHostAndLowersTheSpread() {
        WatcherScenario scenario = WatcherScenario.load("scenario_1");
        WatcherPlanResponse answer = service.plan(scenario.request(25, "balance"));

        assertEquals(3, answer.moves().size(), answer.notes().toString());
        for (WatcherMove move : answer.moves()) {
            assertEquals("hostname_2", move.sourceHostname());
            assertFalse(move.destinationHostname().equals("hostname_2"));
        }
        assertTrue(answer.cpuStdDevAfter() < answer.cpuStdDevBefore());
        // Upstream's measure on scenario_1: hosts at 0.07 0.07 0.80 0.05 0.05 give 0.296 (3 dp).
        assertEquals(0.296, answer.cpuStdDevBefore(), 5e-4);
        assertTrue(answer.notes().stream().anyMatch(n -> n.contains("max_migrations=3")), answer.notes().toString());
    }

    @Test
    void lockedExcludedInactiveAndNonUuidInstancesNeverMove() {
        WatcherScenario scenario = WatcherScenario.load("scenario_6_with_2_nodes");
        WatcherInstance original = scenario.instance(I73);
        for (WatcherInstance pinned : List.of(
                copy(original, true, false, "active"), copy(original, false, true, "active"),
                copy(original, false, false, "paused"))) {
            WatcherScenario variant = WatcherScenario.load("scenario_6_with_2_nodes").with(pinned);
            WatcherPlanResponse answer = service.plan(variant.request(25, null));
            // INSTANCE_1 could relieve hostname_0 by CPU, but its id is no UUID, so nothing moves.
            assertTrue(answer.moves().isEmpty(), pinned + " -> " + answer.moves());
            assertTrue(answer.notes().stream().anyMatch(n -> n.contains("INSTANCE_1 stays")), answer.notes().toString());
        }
    }

    @Test
    void disabledOrDownNodesNeverReceiveAnInstance() {
        for (String[] stateStatus : new String[][] {{"down", "enabled"}, {"up", "disabled"}}) {
            WatcherScenario scenario = WatcherScenario.load("scenario_1");
            scenario.nodes.replaceAll(n -> n.hostname().equals("hostname_3") || n.hostname().equals("hostname_4")
                    ? new WatcherNode(n.uuid(), n.hostname(), stateStatus[0], stateStatus[1], n.vcpus(),
                    n.vcpuReserved(), n.vcpuRatio(), n.memoryMb(), n.memoryMbReserved(), n.memoryRatio(),
                    n.diskGb(), n.diskGbReserved(), n.diskRatio()) : n);
            // A fresh service each time: the first round's shadows would freeze the same instances.
            WatcherPlanningService fresh = new WatcherPlanningService(LoadForecaster.latestValue(),
                    InstanceHistory.none(), TrustedForecasts.none(), newBook(), Clock.systemUTC());
            WatcherPlanResponse answer = fresh.plan(scenario.request(25, null));
            assertFalse(answer.moves().isEmpty(), answer.notes().toString());
            for (WatcherMove move : answer.moves()) {
                assertTrue(List.of("hostname_0", "hostname_1").contains(move.destinationHostname()), move.toString());
            }
        }
    }

    @Test
    void hardAffinityRulesFromTheDependencyMapAreRespected() {
        WatcherPlanRequest request = WatcherScenario.load("scenario_6_with_2_nodes").request(25, null);
        for (AffinityRule rule : List.of(
                AffinityRule.antiAffinity("nova-server-group:g1", Set.of(I73, "INSTANCE_3")),
                AffinityRule.enforcingAffinity("nova-server-group:g2", Set.of(I73, "INSTANCE_1")))) {
            WatcherPlanningService withRules = new WatcherPlanningService(LoadForecaster.latestValue(),
                    InstanceHistory.none(), TrustedForecasts.none(),
                    () -> new DependencyGraph(List.of(), List.of(rule)), newBook(),
                    Clock.systemUTC());
            WatcherPlanResponse answer = withRules.plan(request);
            assertTrue(answer.moves().isEmpty(), rule + " -> " + answer.moves());
        }
        // A rule between instances elsewhere changes nothing.
        WatcherPlanningService unrelated = new WatcherPlanningService(LoadForecaster.latestValue(),
                InstanceHistory.none(), TrustedForecasts.none(), () -> new DependencyGraph(
                List.of(), List.of(AffinityRule.antiAffinity("g3", Set.of("INSTANCE_3", "INSTANCE_4")))),
                newBook(), Clock.systemUTC());
        assertEquals(1, unrelated.plan(request).moves().size());
    }

    @Test
    void advisoryModeRecommendsButReservesNothing() {
        WatcherPlanResponse answer = service.plan(
                WatcherScenario.load("scenario_6_with_2_nodes").request(25, "advisory"));
        assertTrue(answer.moves().isEmpty());
        assertEquals(1, answer.advisoryMoves().size());
        assertTrue(shadows.all().isEmpty());
    }

    @Test
    void costModeEmptiesLightHostsThroughTheEnginesConsolidation() {
        // Without host metrics every host's load is its instances' own, so light hosts can be emptied.
        for (String mode : List.of("balance", "cost")) {
            WatcherScenario scenario = WatcherScenario.load("scenario_1");
            scenario.metrics.hostCpuPercent().clear();
            WatcherPlanResponse answer = service.plan(scenario.request(new AuditParameters(25, 60, 10, mode)));
            if (mode.equals("balance")) {
                assertTrue(answer.moves().isEmpty(), "nothing is over 25 %: " + answer.moves());
                continue;
            }
            assertFalse(answer.moves().isEmpty(), answer.notes().toString());
            Set<String> emptied = new java.util.HashSet<>();
            for (WatcherMove move : answer.moves()) {
                assertTrue(move.explanation().contains("cost mode empties " + move.sourceHostname()),
                        move.explanation());
                emptied.add(move.sourceHostname());
            }
            for (WatcherMove move : answer.moves()) {
                assertFalse(emptied.contains(move.destinationHostname()), "a host being emptied receives " + move);
            }
        }
    }

    @Test
    void aDestinationWithoutFreeFlavorVcpusOrDiskIsNeverChosen() {
        for (int[] reserved : new int[][] {{15, 0}, {0, 200}}) {
            WatcherScenario scenario = WatcherScenario.load("scenario_6_with_2_nodes");
            // Node_1 holds 20 flavor vCPUs and 40 GB; the 10-vCPU, 20 GB instance no longer fits.
            scenario.nodes.replaceAll(n -> n.uuid().equals("Node_1") ? new WatcherNode(n.uuid(), n.hostname(),
                    n.state(), n.status(), n.vcpus(), reserved[0], n.vcpuRatio(), n.memoryMb(),
                    n.memoryMbReserved(), n.memoryRatio(), n.diskGb(), reserved[1], n.diskRatio()) : n);
            WatcherPlanResponse answer = service.plan(scenario.request(25, null));
            assertTrue(answer.moves().isEmpty(), answer.moves().toString());
            assertTrue(answer.notes().stream().anyMatch(n -> n.contains("no safe move")), answer.notes().toString());
        }
    }

    @Test
    void memoryIsAHardFitLimitNotTheCpuThreshold() {
        // scenario_6's flavors fill Node_1's memory to 48 % (64 of 132 MB), far above the 25 % CPU threshold: the
        // move is still made. With 40 MB reserved on Node_1 the flavor no longer fits and nothing moves.
        WatcherScenario scenario = WatcherScenario.load("scenario_6_with_2_nodes");
        assertEquals(1, freshService().plan(scenario.request(25, null)).moves().size());
        scenario.nodes.replaceAll(n -> n.uuid().equals("Node_1") ? new WatcherNode(n.uuid(), n.hostname(),
                n.state(), n.status(), n.vcpus(), n.vcpuReserved(), n.vcpuRatio(), n.memoryMb(), 40,
                n.memoryRatio(), n.diskGb(), n.diskGbReserved(), n.diskRatio()) : n);
        assertTrue(freshService().plan(scenario.request(25, null)).moves().isEmpty());
    }

    private static WatcherPlanningService freshService() {
        return new WatcherPlanningService(LoadForecaster.latestValue(), InstanceHistory.none(),
                TrustedForecasts.none(), newBook(), Clock.systemUTC());
    }

    @Test
    void aShadowHoldsTheDestinationUntilTheModelShowsTheMoveThenVerifiesIt() {
        WatcherScenario scenario = WatcherScenario.load("scenario_6_with_2_nodes");
        assertEquals(1, service.plan(scenario.request(25, null)).moves().size());

        // Next audit, Watcher has not migrated yet: the instance is frozen and the reservation is counted.
        WatcherPlanResponse pending = service.plan(scenario.request(25, null));
        assertTrue(pending.moves().isEmpty(), pending.moves().toString());
        assertEquals(ShadowState.RESERVED, shadows.all().get(0).state());

        // The model now shows it on Node_1: verification starts, and after the window the shadow commits.
        WatcherScenario moved = WatcherScenario.load("scenario_6_with_2_nodes")
                .with(copyOnNode(scenario.instance(I73), "Node_1"));
        WatcherPlanResponse arrived = service.plan(moved.request(25, null));
        assertEquals(ShadowState.VERIFYING, shadows.all().get(0).state(), arrived.notes().toString());
        now.set(now.get().plus(Duration.ofMinutes(16)));
        WatcherPlanResponse verified = service.plan(moved.request(25, null));
        assertEquals(ShadowState.COMMITTED, shadows.all().get(0).state());
        assertTrue(verified.notes().stream().anyMatch(n -> n.contains("COMMITTED")), verified.notes().toString());
    }

    @Test
    void aHarmfulMoveIsRolledBackAndTheNextAuditMovesTheInstanceBack() {
        WatcherScenario scenario = WatcherScenario.load("scenario_6_with_2_nodes");
        assertEquals(1, service.plan(scenario.request(25, null)).moves().size());

        // It arrived on Node_1, but INSTANCE_3 there now burns all its vCPUs: Node_1 at 16 of 40 = 40 %.
        WatcherScenario hot = WatcherScenario.load("scenario_6_with_2_nodes")
                .with(copyOnNode(scenario.instance(I73), "Node_1"));
        hot.metrics.instanceCpuPercent().put("INSTANCE_3", List.of(100.0));
        // One hot audit could be a spike: the excess is noted, nothing is undone; a sustained one (three audits in a
        // row, the default smoothing) rolls the move back.
        WatcherPlanResponse spike = service.plan(hot.request(25, null));
        assertTrue(spike.moves().isEmpty(), spike.moves().toString());
        assertEquals(ShadowState.VERIFYING, shadows.all().get(0).state(), spike.notes().toString());
        now.set(now.get().plus(Duration.ofMinutes(5)));
        service.plan(hot.request(25, null));
        now.set(now.get().plus(Duration.ofMinutes(5)));
        WatcherPlanResponse answer = service.plan(hot.request(25, null));

        assertTrue(shadows.all().stream().anyMatch(s -> s.state() == ShadowState.ROLLED_BACK), answer.notes().toString());
        assertEquals(1, answer.moves().size(), answer.moves().toString());
        WatcherMove back = answer.moves().get(0);
        assertEquals(I73, back.instanceUuid());
        assertEquals("hostname_1", back.sourceHostname());
        assertEquals("hostname_0", back.destinationHostname());
        assertTrue(back.explanation().startsWith("move back"), back.explanation());
    }

    @Test
    void aReservationOnlyCountsForModelsThatHoldItsInstance() {
        service.plan(WatcherScenario.load("scenario_6_with_2_nodes").request(25, null));
        // scenario_1 reuses the node ids but not the instance: the pending shadow must not weigh on Node_1.
        WatcherPlanResponse other = service.plan(WatcherScenario.load("scenario_1").request(25, null));
        assertEquals(0.296, other.cpuStdDevBefore(), 5e-4);
        assertEquals(ShadowState.RESERVED, shadows.all().get(0).state());
    }

    @Test
    void aShadowExpiresWhenWatcherNeverMovesAndTheInstanceCoolsDown() {
        WatcherScenario scenario = WatcherScenario.load("scenario_6_with_2_nodes");
        String instance = service.plan(scenario.request(25, null)).moves().get(0).instanceUuid();
        now.set(now.get().plus(Duration.ofMinutes(31)));
        WatcherPlanResponse expired = service.plan(scenario.request(25, null));
        assertEquals(ShadowState.EXPIRED, shadows.all().get(0).state());
        assertTrue(expired.moves().stream().noneMatch(m -> m.instanceUuid().equals(instance)),
                "a move Watcher did not carry out is not proposed again at once: " + expired.moves());
        // The expired-reservation cool-down (30 min by default) ends: the move is proposed again.
        now.set(now.get().plus(Duration.ofMinutes(30)));
        WatcherPlanResponse again = service.plan(scenario.request(25, null));
        assertEquals(List.of(instance), again.moves().stream().map(WatcherMove::instanceUuid).toList(),
                "after the cool-down the move is proposed again");
    }

    @Test
    void maxMigrationsZeroProposesNothing() {
        WatcherPlanResponse answer = service.plan(WatcherScenario.load("scenario_1")
                .request(new AuditParameters(25, 60, 0, null)));
        assertTrue(answer.moves().isEmpty());
    }

    @Test
    void malformedModelsAreRejectedWithEveryProblem() {
        WatcherNode node = new WatcherNode("n1", "h1", "up", "enabled", 4, 0, 1, 100, 0, 1, 10, 0, 1);
        WatcherPlanRequest bad = new WatcherPlanRequest(null, new AuditParameters(150, 60, 3, "fastest"),
                List.of(node, node), List.of(new WatcherInstance("i1", "", "active", 1, 1, 1, false, false, "nope")),
                null);
        InvalidWatcherRequestException e = assertThrows(InvalidWatcherRequestException.class, () -> service.plan(bad));
        assertEquals(4, e.problems().size(), e.problems().toString());
    }

    @Test
    void anInstanceIdTheEngineCannotTakeIsAClearErrorNotACrash() {
        WatcherScenario scenario = WatcherScenario.load("scenario_1");
        // Node_0's host metric shows load beyond its instances, which the engine models as VM host-load:Node_0.
        scenario.instances.add(new WatcherInstance(AuditSnapshot.HOST_LOAD_PREFIX + "Node_0", "odd", "active", 1, 1,
                1, false, false, "Node_0"));
        InvalidWatcherRequestException e = assertThrows(InvalidWatcherRequestException.class,
                () -> service.plan(scenario.request(25, null)));
        assertTrue(e.problems().get(0).contains("duplicate VM id host-load:Node_0"), e.problems().toString());
    }

    @Test
    void aModelWithoutMetricsMovesNothing() {
        WatcherScenario scenario = WatcherScenario.load("scenario_1");
        WatcherPlanResponse answer = service.plan(new WatcherPlanRequest("a", null, scenario.nodes,
                scenario.instances, new WatcherMetrics(Map.of(), Map.of(), Map.of(), Map.of(), 300)));
        assertTrue(answer.moves().isEmpty());
        assertEquals(0, answer.instancesWithCpuData());
        assertTrue(answer.notes().contains("no CPU data for any of the " + scenario.instances.size() + " instances,"
                + " neither in the request's metrics nor from PWB's own collector: nothing is moved"), answer.notes()
                .toString());
    }

    @Test
    void theAnswerCountsTheInstancesWhoseCpuPwbKnew() {
        WatcherScenario scenario = WatcherScenario.load("scenario_1");
        WatcherPlanRequest request = scenario.request(25, null);
        long placedWithCpu = scenario.instances.stream()
                .filter(i -> i.nodeUuid() != null && request.metrics().instanceCpuPercent().containsKey(i.uuid()))
                .count();
        assertTrue(placedWithCpu > 0);
        assertEquals(placedWithCpu, service.plan(request).instancesWithCpuData());
    }

    @Test
    void parametersLeftOutOfARequestTakeTheirDefaultsAndAZeroThresholdIsRefused() throws Exception {
        ObjectMapper json = new ObjectMapper();
        WatcherPlanRequest defaults = json.readValue("{\"parameters\": {}}", WatcherPlanRequest.class);
        assertEquals(AuditParameters.defaults(), defaults.parameters());

        WatcherPlanRequest zero = json.readValue("{\"parameters\": {\"thresholdPercent\": 0, \"horizonMinutes\": 0,"
                + " \"maxMigrations\": -1}}", WatcherPlanRequest.class);
        InvalidWatcherRequestException e = assertThrows(InvalidWatcherRequestException.class, () -> service.plan(zero));
        assertEquals(List.of("threshold must be in (0, 100] percent, not 0.0", "horizon must be at least 1 minute, not 0",
                "max_migrations must not be negative, not -1"), e.problems());
    }

    @Test
    void theClusterIsClaimedOnceBeforeTheFirstReservation() {
        List<String> claims = new java.util.ArrayList<>();
        ShadowLedger ledger = new ShadowLedger(ShadowSettings.DEFAULT, null);
        WatcherShadowBook book = new WatcherShadowBook(ledger, "openstack", cluster -> {
            assertTrue(ledger.all().isEmpty(), "claimed before anything is reserved");
            claims.add(cluster);
        });
        WatcherPlanningService claiming = new WatcherPlanningService(LoadForecaster.latestValue(),
                InstanceHistory.none(), TrustedForecasts.none(), book, Clock.systemUTC());
        WatcherScenario scenario = WatcherScenario.load("scenario_6_with_2_nodes");
        assertEquals(1, claiming.plan(scenario.request(25, null)).moves().size());
        claiming.plan(scenario.request(25, null));
        assertEquals(List.of("openstack"), claims);
        assertEquals(1, book.all().size(), "the pending move is not planned twice");
    }

    private static WatcherShadowBook newBook() {
        return new WatcherShadowBook(new ShadowLedger(ShadowSettings.DEFAULT, null), "openstack");
    }

    private static WatcherInstance copy(WatcherInstance i, boolean locked, boolean excluded, String state) {
        return new WatcherInstance(i.uuid(), i.name(), state, i.vcpus(), i.memoryMb(), i.diskGb(), locked, excluded,
                i.nodeUuid());
    }

    private static WatcherInstance copyOnNode(WatcherInstance i, String node) {
        return new WatcherInstance(i.uuid(), i.name(), i.state(), i.vcpus(), i.memoryMb(), i.diskGb(), i.locked(),
                i.watcherExclude(), node);
    }
}
