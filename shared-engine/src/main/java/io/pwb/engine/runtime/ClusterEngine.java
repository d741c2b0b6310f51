package io.pwb.engine.runtime;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.forecast.ForecastConfig;
import io.pwb.engine.forecast.Forecasters;
import io.pwb.engine.forecast.SeriesForecaster;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CostModel;
import io.pwb.engine.model.DependencyGraph;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.MaintenanceWindow;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Vm;
import io.pwb.engine.placement.FilterResult;
import io.pwb.engine.placement.Placement;
import io.pwb.engine.placement.PlacementContext;
import io.pwb.engine.placement.RankResult;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.planning.Planner;
import io.pwb.engine.series.SampleOutcome;
import io.pwb.engine.shadow.LedgerResult;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory engine of one cluster, the single entry point that the service, the platform adapters (oVirt
 * units, Watcher strategy) and the replay tool share: inventory from the platform, one online forecaster per
 * (entity, metric) series, the shadow ledger, and the planner and placement on top. Plain Java; time is always
 * passed in. Thread-safe: inventory changes and snapshots are serialised on the engine, each forecaster on itself.
 */
public final class ClusterEngine {
    private final String clusterId;
    private final ShadowLedger ledger;
    private final Planner planner = new Planner();
    private final Map<SeriesKey, SeriesForecaster> series = new ConcurrentHashMap<>();
    private final Map<SeriesKey, LatestValue> latest = new ConcurrentHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, Vm> vms = new LinkedHashMap<>();
    private volatile PlanningSettings settings;
    private volatile DependencyGraph dependencies = DependencyGraph.EMPTY;
    private volatile List<MaintenanceWindow> maintenanceWindows = List.of();
    private volatile CostModel costModel = CostModel.DEFAULT;

    /**
     * @param ledger shared by all clusters of one service (shadows carry their cluster id)
     */
    public ClusterEngine(String clusterId, PlanningSettings settings, ShadowLedger ledger) {
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalArgumentException("a cluster engine needs a cluster id");
        }
        this.clusterId = clusterId;
        this.settings = settings == null ? PlanningSettings.DEFAULT : settings;
        this.ledger = ledger == null ? new ShadowLedger(null, null) : ledger;
    }

    public String clusterId() {
        return clusterId;
    }

    public ShadowLedger ledger() {
        return ledger;
    }

    public PlanningSettings settings() {
        return settings;
    }

    public void setSettings(PlanningSettings newSettings) {
        this.settings = newSettings == null ? PlanningSettings.DEFAULT : newSettings;
    }

    public void setDependencies(DependencyGraph graph) {
        this.dependencies = graph == null ? DependencyGraph.EMPTY : graph;
    }

    public void setMaintenanceWindows(List<MaintenanceWindow> windows) {
        this.maintenanceWindows = windows == null ? List.of() : List.copyOf(windows);
    }

    public void setCostModel(CostModel model) {
        this.costModel = model == null ? CostModel.DEFAULT : model;
    }

    // ---- inventory -------------------------------------------------------------------------------------------

    /**
     * Replaces the whole inventory with what the platform reports now, and tells the ledger where each VM runs
     * (which drives shadows from RESERVED towards VERIFYING, or EXPIRED when the platform chose another host).
     */
    public synchronized void replaceInventory(Collection<Host> newHosts, Collection<Vm> newVms, Instant now) {
        hosts.clear();
        for (Host h : newHosts) {
            hosts.put(h.id(), h);
        }
        vms.clear();
        for (Vm vm : newVms) {
            vms.put(vm.id(), vm.withForecasts(Map.of()));
        }
        observePlacements(newVms, now);
    }

    /** Adds or replaces one host. */
    public synchronized void upsertHost(Host host) {
        hosts.put(host.id(), host);
    }

    /** Adds or replaces one VM and reports its current host to the ledger. */
    public synchronized void upsertVm(Vm vm, Instant now) {
        vms.put(vm.id(), vm.withForecasts(Map.of()));
        observePlacements(List.of(vm), now);
    }

    public synchronized boolean removeVm(String vmId) {
        return vms.remove(vmId) != null;
    }

    public synchronized boolean removeHost(String hostId) {
        return hosts.remove(hostId) != null;
    }

    public synchronized Optional<Vm> vm(String vmId) {
        return Optional.ofNullable(vmId == null ? null : vms.get(vmId));
    }

    public synchronized Optional<Host> host(String hostId) {
        return Optional.ofNullable(hostId == null ? null : hosts.get(hostId));
    }

    public synchronized List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    public synchronized List<Vm> vms() {
        return List.copyOf(vms.values());
    }

    private void observePlacements(Collection<Vm> observed, Instant now) {
        for (Vm vm : observed) {
            if (vm.hostId() != null) {
                ledger.vmObserved(clusterId, vm.id(), vm.hostId(), now);
            }
        }
    }

    // ---- samples and forecasts -------------------------------------------------------------------------------

    /** Feeds one sample to its series' forecaster (created on first use). Bad values are rejected, never thrown. */
    public SampleOutcome offer(EntityKind kind, String entityId, Metric metric, long timestampSeconds, double value) {
        SeriesKey key = new SeriesKey(kind, entityId, metric);
        SeriesForecaster f = series.computeIfAbsent(key, k -> Forecasters.create(forecastConfig(metric)));
        SampleOutcome outcome;
        synchronized (f) {
            outcome = f.offer(timestampSeconds, value);
        }
        if (outcome.accepted()) {
            latest.merge(key, new LatestValue(timestampSeconds, value),
                    (old, neu) -> neu.timestampSeconds() >= old.timestampSeconds() ? neu : old);
        }
        return outcome;
    }

    private ForecastConfig forecastConfig(Metric metric) {
        PlanningSettings s = settings;
        ForecastConfig base = ForecastConfig.forMetric(metric);
        ForecastConfig stepped = base.stepSeconds() == s.stepSeconds() && base.horizonSteps() >= s.horizonSteps()
                ? base
                : ForecastConfig.ofStep(s.stepSeconds(), s.horizonSteps()).withMaxValue(base.maxValue());
        return stepped.horizonSteps() >= s.horizonSteps() ? stepped : stepped.withHorizonSteps(s.horizonSteps());
    }

    /** Forgets every series (forecasters and latest values), before a replay of the stored history. */
    public void clearSeries() {
        series.clear();
        latest.clear();
    }

    /** The forecaster of a series, if it has received samples. Synchronise on it while using it. */
    public Optional<SeriesForecaster> series(EntityKind kind, String entityId, Metric metric) {
        return Optional.ofNullable(series.get(new SeriesKey(kind, entityId, metric)));
    }

    /** Keys of every series this engine forecasts. */
    public List<SeriesKey> seriesKeys() {
        return List.copyOf(series.keySet());
    }

    /** Forecasts of one entity for the planning horizon, per metric that has samples. */
    public Map<Metric, Forecast> forecasts(EntityKind kind, String entityId) {
        int steps = settings.horizonSteps();
        Map<Metric, Forecast> out = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            SeriesForecaster f = series.get(new SeriesKey(kind, entityId, m));
            if (f != null) {
                synchronized (f) {
                    out.put(m, f.forecast(steps));
                }
            }
        }
        return out;
    }

    /** Everything the engine knows, with fresh forecasts, as the immutable input of planning and placement. */
    public ClusterSnapshot snapshot(Instant now) {
        List<Host> hs;
        List<Vm> inventory;
        synchronized (this) {
            hs = List.copyOf(hosts.values());
            inventory = List.copyOf(vms.values());
        }
        List<Vm> withForecasts = new ArrayList<>(inventory.size());
        for (Vm vm : inventory) {
            withForecasts.add(vm.withForecasts(forecasts(EntityKind.VM, vm.id())));
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (MaintenanceWindow w : maintenanceWindows) {
            if (hs.stream().anyMatch(h -> h.id().equals(w.hostId()))) {
                windows.add(w);
            }
        }
        return new ClusterSnapshot(clusterId, now, hs, withForecasts, dependencies, windows, costModel, settings);
    }

    // ---- decisions --------------------------------------------------------------------------------------------

    /** One planning cycle: verify shadows against observed load, then plan (and reserve, unless advisory). */
    public PlanResult planCycle(Instant now) {
        verifyShadows(now);
        return planner.plan(snapshot(now), ledger);
    }

    /** Hosts among {@code candidateHostIds} where the VM may run now, counting reservations and cool-downs. */
    public FilterResult filter(String vmId, Collection<String> candidateHostIds, Instant now) {
        return Placement.standard(settings).filter(placementContext(now), vmId, candidateHostIds);
    }

    /** Candidate hosts filtered then ranked, best (lowest score) first, each with its explanation. */
    public RankResult rank(String vmId, Collection<String> candidateHostIds, Instant now) {
        return Placement.standard(settings).rank(placementContext(now), vmId, candidateHostIds);
    }

    private PlacementContext placementContext(Instant now) {
        return PlacementContext.of(snapshot(now), ledger.reservations(clusterId), ledger.coolDowns(clusterId));
    }

    /**
     * Moves the ledger on with time and observations: expiries, then for each shadow in VERIFYING the observed
     * utilisation of its target (newest samples no older than two steps, stamped with the newest sample's time so a
     * sample seen in two cycles counts once), which commits or rolls it back.
     */
    public List<LedgerResult> verifyShadows(Instant now) {
        ledger.tick(clusterId, now);
        List<LedgerResult> results = new ArrayList<>();
        long notBefore = now.getEpochSecond() - 2L * settings.stepSeconds();
        for (Shadow s : ledger.activeIn(clusterId)) {
            if (s.state() != ShadowState.VERIFYING) {
                continue;
            }
            Host target;
            List<Vm> residents;
            synchronized (this) {
                target = hosts.get(s.targetHostId());
                residents = vms.values().stream().filter(v -> s.targetHostId().equals(v.hostId())).toList();
            }
            if (target == null) {
                continue;
            }
            ObservedLoad.observe(target, residents, latest, notBefore).ifPresent(o -> results.add(
                    ledger.targetObserved(clusterId, s.vmId(), o.utilisation(), Instant.ofEpochSecond(o.atSeconds()),
                            now)));
        }
        return results;
    }
}
