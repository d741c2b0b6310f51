package io.pwb.service.planning;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pwb.engine.planning.Decision;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.service.store.DecisionEntity;
import io.pwb.service.store.DecisionStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Persists the decisions of each planning cycle and keeps the planning metrics on /q/metrics. */
@ApplicationScoped
public class DecisionRecorder {
    private final DecisionStore decisions;
    private final EngineService engines;
    private final MeterRegistry registry;
    private final Map<String, Timer> cycleTimers = new ConcurrentHashMap<>();

    public DecisionRecorder(DecisionStore decisions, EngineService engines, MeterRegistry registry) {
        this.decisions = decisions;
        this.engines = engines;
        this.registry = registry;
        for (ShadowState state : ShadowState.values()) {
            Gauge.builder("pwb.shadows", engines, e -> e.ledger().all().stream().filter(s -> s.state() == state).count())
                    .tag("state", state.name()).description("shadows held by the ledger, by state").register(registry);
        }
    }

    /** Records one finished cycle: its duration and every decision with its explanation. */
    public void record(PlanResult result, Duration took) {
        cycleTimers.computeIfAbsent(result.clusterId(), c -> Timer.builder("pwb.planning.cycle")
                .description("duration of one planning cycle").tag("cluster", c).register(registry)).record(took);
        recordDecisions(result);
    }

    /**
     * Records every decision with its explanation, without a cycle to time (e.g. the oVirt balance unit's). A decision
     * already recorded under its id is left as it was and not counted again.
     */
    public void recordDecisions(PlanResult result) {
        for (Decision d : result.decisions()) {
            DecisionEntity e = new DecisionEntity();
            e.id = d.id();
            e.clusterId = d.clusterId();
            e.createdAtMs = d.time().toEpochMilli();
            e.vmId = d.migration().vmId();
            e.sourceHostId = d.migration().sourceHostId();
            e.targetHostId = d.migration().targetHostId();
            e.mode = result.mode().name().toLowerCase(java.util.Locale.ROOT);
            e.acted = !d.advisory() && d.shadowId() != null;
            String summary = d.explanation() == null ? d.kind().name() : d.explanation().summary();
            e.summary = summary.length() > 1000 ? summary.substring(0, 1000) : summary;
            e.explanationJson = EngineJson.write(d);
            if (!decisions.save(e)) {
                continue; // a repeat (a pending move-back comes every cycle): recorded and counted the first time
            }
            Counter.builder("pwb.decisions").description("decisions made").tag("cluster", d.clusterId())
                    .tag("kind", d.kind().name()).tag("advisory", Boolean.toString(d.advisory())).register(registry).increment();
        }
    }
}
