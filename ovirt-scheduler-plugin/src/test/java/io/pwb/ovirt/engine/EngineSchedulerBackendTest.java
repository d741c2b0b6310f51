package io.pwb.ovirt.engine;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.runtime.EngineRegistry;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowSettings;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.ovirt.proxy.ExternalSchedulerBackend;
import io.pwb.ovirt.proxy.PolicyProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The units over a real EngineRegistry fed with samples: fail-open rules, scores, reservations, modes. */
class EngineSchedulerBackendTest {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final int STEPS = 30;

    private EngineRegistry registry;
    private EngineSchedulerBackend backend;
    private final Instant now = T0.plusSeconds(300L * STEPS);

    @BeforeEach
    void setUp() {
        registry = new EngineRegistry(null, PlanningSettings.DEFAULT);
        ClusterEngine c = registry.cluster("c1");
        List<Host> hosts = List.of(Host.up("h1", "c1", 20_800, 64.0 * GIB), Host.up("h2", "c1", 20_800, 64.0 * GIB),
                Host.up("h3", "c1", 48_000, 128.0 * GIB));
        List<Vm> vms = List.of(Vm.of("hot", "h1", new VmSize(8, 20_800, 16 * GIB), null),
                Vm.of("other", "h2", new VmSize(4, 10_400, 8 * GIB), null),
                Vm.of("big", null, new VmSize(12, 36_000, 8 * GIB), null));
        c.replaceInventory(hosts, vms, T0);
        for (int i = 0; i < STEPS; i++) {
            long t = T0.getEpochSecond() + 300L * i;
            double wobble = (i % 5 - 2) * 100;
            c.offer(EntityKind.VM, "hot", Metric.CPU_MHZ, t, 19_700 + wobble);
            c.offer(EntityKind.VM, "hot", Metric.MEMORY_BYTES, t, 12.0 * GIB);
            c.offer(EntityKind.VM, "other", Metric.CPU_MHZ, t, 5_200 + wobble);
            c.offer(EntityKind.VM, "other", Metric.MEMORY_BYTES, t, 4.0 * GIB);
        }
        backend = new EngineSchedulerBackend(registry, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void unknownVmsAndHostsFailOpen() {
        List<String> hosts = List.of("h1", "elsewhere");
        assertEquals(hosts, backend.filter("not-a-pwb-vm", hosts, PolicyProperties.none()));
        assertEquals(Map.of("h1", 50, "elsewhere", 50), backend.score("not-a-pwb-vm", hosts, PolicyProperties.none()));
        assertEquals(Optional.empty(), backend.balance(List.of("x", "y"), PolicyProperties.none()));

        List<String> passed = backend.filter("big", List.of("h1", "h2", "h3", "elsewhere"), PolicyProperties.none());
        assertEquals(List.of("h3", "elsewhere"), passed, "only host3 fits the big VM; an unknown host passes");
        assertEquals(List.of("h1", "h3"), backend.filter("hot", List.of("h1", "h2", "h3"), PolicyProperties.none()),
                "a VM may stay where it runs");
    }

    @Test
    void scoresAreIntegersWithTheFittingHostBest() {
        Map<String, Integer> scores = backend.score("big", List.of("h1", "h2", "h3", "elsewhere"),
                PolicyProperties.none());
        assertEquals(100, scores.get("h1"), "cannot hold it: least preferred");
        assertEquals(100, scores.get("h2"));
        assertEquals(0, scores.get("h3"), "the only host PWB ranks is its best");
        assertEquals(ExternalSchedulerBackend.NEUTRAL_SCORE, scores.get("elsewhere"));
    }

    @Test
    void rankedWeightsAreTheDistanceFromPwbsBestOnTheRankersScale() {
        assertEquals(0, EngineSchedulerBackend.rankedWeight(1.2, 1.2, 7), "PWB's best");
        assertEquals(1, EngineSchedulerBackend.rankedWeight(1.21, 1.2, 7),
                "a hair behind the best: just behind it, not stretched to the end of the span");
        assertEquals(20, EngineSchedulerBackend.rankedWeight(3.5, 0, 7));
        assertEquals(EngineSchedulerBackend.RANKED_SPAN, EngineSchedulerBackend.rankedWeight(7, 0, 7),
                "the worst possible ranked host still beats a host PWB has no opinion about");
        assertEquals(0, EngineSchedulerBackend.rankedWeight(0, 0, 0), "no criteria weighted: no preference");
    }

    @Test
    void balanceReservesOneMoveThatOthersCannotUseButTheMovingVmCan() {
        ExternalSchedulerBackend.BalanceProposal p = backend.balance(List.of("h1", "h2", "h3"),
                PolicyProperties.none()).orElseThrow();
        assertEquals("hot", p.vmId());
        assertEquals("h3", p.candidateHostIds().get(0));
        assertEquals(ShadowState.RESERVED, registry.ledger().activeFor("c1", "hot").orElseThrow().state());
        assertEquals(List.of("elsewhere"), backend.filter("big", List.of("h1", "h2", "h3", "elsewhere"),
                PolicyProperties.none()), "host3's headroom is held for the move");
        assertEquals(List.of("h3"), backend.filter("hot", List.of("h2", "h3"), PolicyProperties.none()),
                "the moving VM may use the capacity held for it");
        assertEquals(1, registry.ledger().activeIn("c1").size());
        assertEquals(Optional.of(p), backend.balance(List.of("h1", "h2", "h3"), PolicyProperties.none()));
        assertEquals(1, registry.ledger().activeIn("c1").size(), "the same move again, not a second one");
    }

    @Test
    void aFilterThatWouldLeaveNoHostPassesThemAllAndWarnsOncePerVm() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(EngineSchedulerBackend.class.getName());
        Level before = log.getLevel();
        log.setLevel(Level.FINE);
        log.addHandler(capture);
        try {
            List<String> offered = List.of("h1", "h2");
            assertEquals(offered, backend.filter("big", offered, PolicyProperties.none()),
                    "the big VM fits on neither: PWB recommends nothing rather than block it");
            assertEquals(offered, backend.filter("big", offered, PolicyProperties.none()));
            List<String> warnings = lines.stream().filter(l -> l.startsWith("WARNING")).toList();
            assertEquals(1, warnings.size(), "one warning, not one per call: " + lines);
            assertTrue(warnings.get(0).contains("all 2 host(s)") && warnings.get(0).contains("big"), warnings.get(0));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("FINE") && l.contains("host h1 removed for VM big")),
                    lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("FINE") && l.contains("host h2 removed for VM big")),
                    lines.toString());

            assertEquals(List.of("h3"), backend.filter("big", List.of("h1", "h3"), PolicyProperties.none()),
                    "one host fits: the filter filters again");
            backend.filter("big", offered, PolicyProperties.none());
            assertEquals(2, lines.stream().filter(l -> l.startsWith("WARNING")).count(),
                    "warned again once a host had passed in between: " + lines);
        } finally {
            log.removeHandler(capture);
            log.setLevel(before);
        }
    }

    @Test
    void aPendingMoveBackComesFirstAndItsOriginalHostPassesAndRanksBest() {
        ShadowLedger ledger = registry.ledger();
        ClusterEngine c = registry.cluster("c1");
        assertEquals("hot", backend.balance(List.of("h1", "h2", "h3"), PolicyProperties.none()).orElseThrow().vmId());
        // The engine moves hot to h3, where it proves harmful: the shadow monitor rolls the move back.
        c.upsertVm(Vm.of("hot", "h3", new VmSize(8, 20_800, 16 * GIB), null), now);
        for (int i = 1; i <= ShadowSettings.DEFAULT.harmfulObservations(); i++) {
            ledger.targetObserved("c1", "hot", 0.99, now.plusSeconds(i), now.plusSeconds(i));
        }
        Shadow back = ledger.activeFor("c1", "hot").orElseThrow();
        assertTrue(back.moveBack() && back.state() == ShadowState.RESERVED, back.toString());
        assertEquals("h1", back.targetHostId());
        // Meanwhile h2 becomes overloaded and a new host h4 could relieve it, but the rollback comes first.
        c.upsertHost(Host.up("h4", "c1", 48_000, 128.0 * GIB));
        c.upsertVm(Vm.of("busy", "h2", new VmSize(8, 20_800, 8 * GIB), null), now);
        for (int i = 0; i < STEPS; i++) {
            c.offer(EntityKind.VM, "busy", Metric.CPU_MHZ, T0.getEpochSecond() + 300L * i, 19_000 + (i % 5 - 2) * 100);
            c.offer(EntityKind.VM, "busy", Metric.MEMORY_BYTES, T0.getEpochSecond() + 300L * i, 6.0 * GIB);
        }
        EngineSchedulerBackend fresh = new EngineSchedulerBackend(registry, Clock.fixed(now, ZoneOffset.UTC));
        List<String> all = List.of("h1", "h2", "h3", "h4");

        assertEquals(new ExternalSchedulerBackend.BalanceProposal("hot", List.of("h1")),
                fresh.balance(all, PolicyProperties.none()).orElseThrow(),
                "back to its original host, which is held for it, before any new move");
        assertEquals(new ExternalSchedulerBackend.BalanceProposal("hot", List.of("h1")),
                fresh.balance(all, PolicyProperties.none()).orElseThrow(), "asked again");
        assertEquals(Optional.empty(), fresh.balance(List.of("h2", "h3", "h4"), PolicyProperties.none()),
                "its original host not offered: no move back possible now, and no new move either");
        assertEquals(Optional.empty(), fresh.balance(all, PolicyProperties.from(Map.of("Mode", "advisory"))),
                "advisory asks for nothing");

        // The engine re-runs the units on the candidate: the held host passes (although hot left it moments ago,
        // which puts it on cool-down for hot) and is the only best one.
        assertTrue(fresh.filter("hot", List.of("h1", "h2"), PolicyProperties.none()).contains("h1"));
        Map<String, Integer> scores = fresh.score("hot", all, PolicyProperties.none());
        assertEquals(0, scores.get("h1"), scores.toString());
        assertTrue(scores.get("h2") > 0 && scores.get("h3") > 0 && scores.get("h4") > 0, scores.toString());

        // The engine carries it out: the next call relieves h2 (h3 is on cool-down after the harmful move).
        c.upsertVm(Vm.of("hot", "h1", new VmSize(8, 20_800, 16 * GIB), null), now);
        assertEquals(ShadowState.VERIFYING, ledger.activeFor("c1", "hot").orElseThrow().state());
        ExternalSchedulerBackend.BalanceProposal next = fresh.balance(all, PolicyProperties.none()).orElseThrow();
        assertEquals("busy", next.vmId());
        assertEquals("h4", next.candidateHostIds().get(0));
    }

    @Test
    void advisoryModeRecommendsNothingAndReservesNothing() {
        PolicyProperties advisory = PolicyProperties.from(Map.of("Mode", "advisory"));
        assertEquals(Optional.empty(), backend.balance(List.of("h1", "h2", "h3"), advisory));
        assertTrue(registry.ledger().activeIn("c1").isEmpty());
    }

    @Test
    void aHigherThresholdMeansNoOverloadToRelieve() {
        // hot uses ~95 % of host1: with HighUtilization=99 nothing is predicted above the threshold.
        assertEquals(Optional.empty(), backend.balance(List.of("h1", "h2", "h3"),
                PolicyProperties.from(Map.of("HighUtilization", "99"))));
    }
}
