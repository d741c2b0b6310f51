package io.pwb.engine.replay;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.OvercommitRatios;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import io.pwb.engine.planning.Decision;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.sim.ClusterObservation;
import io.pwb.engine.sim.MigrationResult;
import io.pwb.engine.sim.VmSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code pwb}: the real engine ({@link ClusterEngine}: per-series forecasters, planner, placement, shadow ledger)
 * driving the simulated platform, through the same kind of thin adapter the oVirt and OpenStack sides use. Each
 * step the adapter reports the inventory and one CPU sample per VM, runs one planning cycle, and
 * turns the decisions into migration requests; the platform's answers go back to the ledger.
 *
 * <p>Settings: the engine's defaults ({@link PlanningSettings#DEFAULT}) in the chosen mode, at the scenario's step
 * (one planning cycle per step); nothing else is tuned for replay.
 *
 * <p>Translation: MIPS are passed as the engine's MHz (one consistent CPU unit is all the engine needs). When the
 * scenario's VMs hold less memory on their host than they are configured with (ccpe2012 reproduces CloudSim, where
 * they hold none), the host's memory overcommit ratio says so, so that the engine plays by the same rules as the
 * baselines; migration time still follows the configured memory.
 */
public final class PwbPolicy implements ReplayPolicy {
    public static final List<String> MODES = List.of("balance", "cost");
    private static final String CLUSTER = "replay";
    private static final Instant EPOCH = Instant.parse("2011-03-03T00:00:00Z");
    private static final long MB = 1024L * 1024L;

    private final ClusterEngine engine;
    private final double memoryOvercommit;
    private final int stepSeconds;
    private Instant now = EPOCH;
    private PlanResult lastPlan;

    PwbPolicy(PlanningSettings settings, double memoryOvercommit, int stepSeconds) {
        this.engine = new ClusterEngine(CLUSTER, settings, new ShadowLedger(null, null));
        this.memoryOvercommit = memoryOvercommit;
        this.stepSeconds = stepSeconds;
    }

    /** The engine with its default settings in {@code mode}, at the scenario's step. */
    public static PwbPolicy create(String mode, Scenario scenario) {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown mode '" + mode + "' for policy pwb; known: " + String.join(", ", MODES));
        }
        double configured = scenario.vms().stream().mapToDouble(VmSpec::memoryMb).sum();
        double reserved = scenario.vms().stream().mapToDouble(VmSpec::reservedMemoryMb).sum();
        double overcommit = reserved >= configured ? 1.0 : Math.max(1.0, configured / Math.max(reserved, 1.0));
        PlanningSettings settings = PlanningSettings.DEFAULT.withMode(PlanningMode.fromKey(mode))
                .withStepSeconds(scenario.stepSeconds());
        return new PwbPolicy(settings, overcommit, scenario.stepSeconds());
    }

    public ClusterEngine engine() {
        return engine;
    }

    /** The last planning cycle's result (decisions and notes), for reports. */
    public PlanResult lastPlan() {
        return lastPlan;
    }

    @Override
    public String name() {
        return "pwb";
    }

    @Override
    public void observeOnly(ClusterObservation observation) {
        report(observation);
    }

    @Override
    public List<Migration> decide(ClusterObservation observation) {
        report(observation);
        lastPlan = engine.planCycle(now);
        List<Migration> out = new ArrayList<>();
        for (Decision d : lastPlan.decisions()) {
            if (!d.advisory()) {
                out.add(new Migration(d.migration().vmId(), d.migration().targetHostId()));
            }
        }
        return out;
    }

    /** Inventory and one CPU sample per VM, as a platform adapter reports them. */
    private void report(ClusterObservation observation) {
        now = EPOCH.plusSeconds(observation.timeSeconds());
        long t = observation.timeSeconds() - stepSeconds; // the samples describe the step just completed
        List<Host> hosts = new ArrayList<>(observation.hosts().size());
        for (ClusterObservation.HostView h : observation.hosts()) {
            hosts.add(new Host(h.id(), h.id(), CLUSTER, Resources.of(h.cpuCapacityMips(), h.memoryMb() * MB),
                    OvercommitRatios.of(1.0, memoryOvercommit), HostState.UP, h.power(), null, Set.of()));
        }
        List<Vm> vms = new ArrayList<>(observation.vms().size());
        for (ClusterObservation.VmView v : observation.vms()) {
            String where = v.migrating() ? null : v.hostId();
            vms.add(new Vm(v.id(), v.id(), where, new VmSize(1, v.cpuMips(), (long) v.memoryMb() * MB), null, true,
                    Map.of(), Resources.of(v.demandMips(), v.reservedMemoryMb() * MB)));
        }
        engine.replaceInventory(hosts, vms, now);
        for (ClusterObservation.VmView v : observation.vms()) {
            engine.offer(EntityKind.VM, v.id(), Metric.CPU_PERCENT, t, 100.0 * v.utilisation());
        }
        // No host samples: the engine verifies shadows from the sum of the VMs' samples, and a forecaster per host
        // would only cost time.
    }

    @Override
    public void migrationRequested(Migration migration, MigrationResult result) {
        if (result instanceof MigrationResult.Started) {
            engine.ledger().migrationStarted(engine.clusterId(), migration.vmId(), now);
        } else if (result instanceof MigrationResult.Refused r) {
            engine.ledger().migrationFailed(engine.clusterId(), migration.vmId(), r.reason(), now);
        }
    }

    @Override
    public OptionalDouble forecastUtilisation(String vmId) {
        return engine.series(EntityKind.VM, vmId, Metric.CPU_PERCENT).map(f -> {
            Forecast fc;
            synchronized (f) {
                fc = f.forecast(1);
            }
            return fc.horizonSteps() == 0 || !Double.isFinite(fc.pointAt(1))
                    ? OptionalDouble.empty() : OptionalDouble.of(fc.pointAt(1) / 100.0);
        }).orElse(OptionalDouble.empty());
    }
}
