package io.pwb.service.planning;

import io.pwb.engine.model.Host;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.runtime.EngineRegistry;
import io.pwb.engine.shadow.Shadow;
import io.pwb.engine.shadow.ShadowEvent;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowSettings;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.service.config.PwbConfig;
import io.pwb.service.ingest.SampleMessage;
import io.pwb.service.store.ClusterSettingsEntity;
import io.pwb.service.store.HostEntity;
import io.pwb.service.store.InventoryStore;
import io.pwb.service.store.SampleStore;
import io.pwb.service.store.ShadowEntity;
import io.pwb.service.store.ShadowStore;
import io.pwb.service.store.VmEntity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Holds the engine of every cluster (forecasters, ledger, planner) and keeps it in step with the database:
 * every ledger transition is persisted as it happens, on start the forecasters are warmed up from the stored
 * samples, and each cluster this replica takes over gets its shadows back from the database, so a restart or a
 * hand-over loses nothing. The ledger holds the shadows of the clusters this replica owns, and only those.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class EngineService {
    private static final Logger LOG = Logger.getLogger(EngineService.class);
    private static final List<String> FINAL_STATES = Arrays.stream(ShadowState.values()).filter(ShadowState::terminal)
            .map(Enum::name).toList();

    private final ShadowStore shadows;
    private final InventoryStore inventory;
    private final SampleStore samples;
    private final PwbConfig config;
    private EngineRegistry registry;
    private final java.util.Map<String, Long> lastLiveSampleMs = new java.util.concurrent.ConcurrentHashMap<>();
    /** Clusters this replica plans (and whose shadows its ledger acts on); see {@link #takeOver}. */
    private final java.util.Set<String> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** When the start-up warm-up filled each cluster's forecasters (a take-over soon after need not replay again). */
    private final java.util.Map<String, Long> warmedAtStartMs = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long FRESH_WARM_UP_MS = 15 * 60_000L;
    /** Closed shadows this recent still matter (cool-downs, move history). */
    private static final long HISTORY_MS = 24L * 3600 * 1000;

    private final ClusterMeters clusterMeters;

    public EngineService(ShadowStore shadows, InventoryStore inventory, SampleStore samples, PwbConfig config,
                         ClusterMeters clusterMeters) {
        this.clusterMeters = clusterMeters;
        this.shadows = shadows;
        this.inventory = inventory;
        this.samples = samples;
        this.config = config;
    }

    @PostConstruct
    void restore() {
        // The ledger starts empty: a replica holds only the shadows of the clusters it owns, and loads them when it
        // takes a cluster over (takeOver), so no two replicas move the same shadow on.
        ShadowLedger ledger = new ShadowLedger(shadowSettings(config.shadows()), this::persist);
        // a cluster's engine starts with the settings its stored row gets when first seen (advisory by default)
        registry = new EngineRegistry(ledger, PlanningSettings.DEFAULT
                .withMode(PlanningMode.fromKey(config.planning().defaultMode()))
                .withThreshold(thresholdOf(config.planning().defaultCpuThresholdPercent())));
        warmUp();
    }

    /** The ledger's settings from {@code pwb.shadows.*}. */
    static ShadowSettings shadowSettings(PwbConfig.Shadows c) {
        return new ShadowSettings(c.timeout().toSeconds(), c.verification().toSeconds(), c.tolerancePercent() / 100.0,
                c.vmCoolDown().toSeconds(), c.hostCoolDown().toSeconds(), c.observationGrace().toSeconds(),
                c.harmfulObservations(), c.returnMemory().toSeconds(), c.returnExtraGainPercent() / 100.0,
                c.expiredCoolDown().toSeconds());
    }

    private static List<Shadow> readable(List<ShadowEntity> stored) {
        List<Shadow> out = new ArrayList<>();
        for (ShadowEntity e : stored) {
            try {
                out.add(EngineJson.read(e.detailJson, Shadow.class));
            } catch (RuntimeException ex) {
                LOG.warnf("shadow %s could not be restored and is left as it is: %s", e.id, ex.getMessage());
            }
        }
        return out;
    }

    /**
     * This replica owns the cluster from now on: called by whoever drives it here before it acts on the cluster's
     * shadows (the planning loop before each cycle of a cluster whose Kafka partition or REST samples it holds, the
     * demo, a platform collector, the Watcher edge). The first time (after start, or when the cluster has just been
     * handed over from another replica), the cluster's forecasters are warmed up from the stored samples (unless the
     * start-up warm-up just did), and the ledger drops whatever it held for the cluster and adopts the cluster's
     * shadows from the database: open ones and those closed within a day, so the new owner continues the previous
     * owner's moves and keeps its cool-downs and move history. Until then the ledger holds nothing of the cluster.
     *
     * @return true when the cluster was taken over now
     */
    public boolean takeOver(String clusterId) {
        if (!owned.add(clusterId)) {
            return false;
        }
        warmUp(clusterId);
        List<Shadow> persisted = readable(shadows.openOrRecent(clusterId, FINAL_STATES,
                System.currentTimeMillis() - HISTORY_MS));
        try {
            int n = ledger().adopt(clusterId, persisted);
            LOG.infof("cluster %s taken over: %d shadow(s) restored from the database, %d of them open", clusterId, n,
                    persisted.stream().filter(sh -> sh.state().active()).count());
        } catch (IllegalArgumentException e) {
            owned.remove(clusterId);
            throw new IllegalStateException("cluster " + clusterId + " cannot be taken over: " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * The cluster is owned by another replica now: forget its shadows here (the database keeps them) so that this
     * replica no longer acts on them, and stop counting it as received.
     *
     * @return true when this replica had owned the cluster
     */
    public boolean release(String clusterId) {
        lastLiveSampleMs.remove(clusterId);
        if (!owned.remove(clusterId)) {
            return false;
        }
        int n = ledger().release(clusterId);
        LOG.infof("cluster %s handed over to another replica: %d shadow(s) left to it", clusterId, n);
        return true;
    }

    public boolean owns(String clusterId) {
        return owned.contains(clusterId);
    }

    private void persist(ShadowEvent event) {
        Shadow s = event.shadow();
        ShadowEntity e = new ShadowEntity();
        e.id = s.id();
        e.clusterId = s.clusterId();
        e.decisionId = s.decisionId();
        e.vmId = s.vmId();
        e.sourceHostId = s.sourceHostId();
        e.targetHostId = s.targetHostId();
        e.state = s.state().name();
        e.createdAtMs = s.createdAt().toEpochMilli();
        e.updatedAtMs = s.updatedAt().toEpochMilli();
        e.detailJson = EngineJson.write(s);
        if (event.to() == ShadowState.ROLLED_BACK) {
            clusterMeters.rollbacks(s.clusterId()).increment();
        }
        shadows.transition(e, event.from() == null ? null : event.from().name(), event.reason(), event.at().toEpochMilli());
    }

    /**
     * Whether this replica received samples of the cluster within {@code withinMs}. With several replicas in one
     * consumer group, Kafka sends each cluster's samples to one replica only; that replica plans the cluster.
     */
    public boolean receivesSamplesOf(String clusterId, long withinMs) {
        Long last = lastLiveSampleMs.get(clusterId);
        return last != null && System.currentTimeMillis() - last <= withinMs;
    }

    public EngineRegistry registry() {
        return registry;
    }

    public ShadowLedger ledger() {
        return registry.ledger();
    }

    public ClusterEngine engine(String clusterId) {
        return registry.cluster(clusterId);
    }

    /** Feeds stored samples to the forecasters and notes which clusters this replica receives samples of. */
    public void offer(List<SampleMessage> samples) {
        long now = System.currentTimeMillis();
        for (SampleMessage s : samples) {
            lastLiveSampleMs.put(s.clusterId(), now);
            registry.cluster(s.clusterId()).offer(s.kind(), s.entityId(), s.metric(), Math.floorDiv(s.timestampMs(), 1000), s.value());
        }
    }

    /** Applies the stored mode and thresholds to a cluster's engine. */
    public PlanningSettings applySettings(ClusterSettingsEntity stored) {
        PlanningSettings s = settingsOf(stored);
        engine(stored.clusterId).setSettings(s);
        return s;
    }

    /**
     * Applies the stored settings to the cluster's engine if this replica has one: clusters planned by their own
     * driver (the oVirt units, the demo) and changes made through the API take effect without a planning cycle.
     */
    public void refreshSettings(ClusterSettingsEntity stored) {
        registry.existing(stored.clusterId).ifPresent(e -> e.setSettings(settingsOf(stored)));
    }

    private static PlanningSettings settingsOf(ClusterSettingsEntity stored) {
        return PlanningSettings.DEFAULT
                .withMode(PlanningMode.fromKey(stored.mode.toUpperCase(Locale.ROOT)))
                .withThreshold(thresholdOf(stored.cpuThresholdPercent));
    }

    private static double thresholdOf(double cpuThresholdPercent) {
        return Math.min(cpuThresholdPercent / 100.0, 0.99);
    }

    /**
     * Replaces a cluster engine's inventory with the stored hosts and VMs. VMs without a known size cannot be
     * planned and are left out; VMs in their training phase are kept but marked not migratable.
     */
    public void syncInventory(String clusterId, Instant now, long trainingSeconds) {
        List<Host> hosts = new ArrayList<>();
        for (HostEntity h : inventory.hosts(clusterId)) {
            hosts.add(Host.up(h.entityId, clusterId, h.cpuMhz, h.memoryBytes));
        }
        List<Vm> vms = new ArrayList<>();
        for (VmEntity v : inventory.vms(clusterId)) {
            if (v.vcpus <= 0 || v.memoryBytes <= 0 || v.cpuMhz <= 0) {
                continue;
            }
            Vm vm = Vm.of(v.entityId, v.hostId, new VmSize(v.vcpus, v.cpuMhz, v.memoryBytes), java.util.Map.of());
            vms.add(vm.withMigratable(!inTraining(v.firstSampleAtMs, now, trainingSeconds)));
        }
        engine(clusterId).replaceInventory(hosts, vms, now);
    }

    /** A VM with less than the training period of samples is never moved. */
    public static boolean inTraining(Long firstSampleAtMs, Instant now, long trainingSeconds) {
        return firstSampleAtMs == null || now.toEpochMilli() - firstSampleAtMs < trainingSeconds * 1000;
    }

    /** Replays the newest stored samples (per cluster, the warm-up period before its latest sample) into the forecasters. */
    private void warmUp() {
        long count = 0;
        try {
            for (Map.Entry<String, Long> newest : samples.latestTimestamps().entrySet()) {
                count += replay(newest.getKey(), newest.getValue());
                warmedAtStartMs.put(newest.getKey(), System.currentTimeMillis());
            }
        } catch (IllegalStateException e) {
            throw new IllegalStateException("warming up the forecasters failed: " + e.getMessage(), e);
        }
        if (count > 0) {
            LOG.infof("forecasters warmed up with %d stored samples", count);
        }
    }

    /**
     * A cluster taken over from another replica: its forecasters start again from the stored samples (the previous
     * owner stored every sample it received), so the new owner plans with the same history instead of retraining.
     * Samples arriving while this runs may be refused as out of order by the fresh series; the next ones are taken.
     */
    private void warmUp(String clusterId) {
        Long warmedAt = warmedAtStartMs.remove(clusterId);
        if (warmedAt != null && System.currentTimeMillis() - warmedAt < FRESH_WARM_UP_MS) {
            return; // the start-up warm-up replayed it moments ago
        }
        try {
            Optional<Long> newest = samples.latestTimestamp(clusterId);
            engine(clusterId).clearSeries();
            if (newest.isPresent()) {
                long n = replay(clusterId, newest.get());
                LOG.infof("cluster %s: forecasters warmed up with %d stored samples", clusterId, n);
            }
        } catch (IllegalStateException e) {
            throw new IllegalStateException("warming up the forecasters of " + clusterId + " failed: " + e.getMessage(), e);
        }
    }

    /** Offers one cluster's stored samples of the warm-up period before {@code newestMs} to its engine, oldest first. */
    private long replay(String clusterId, long newestMs) {
        ClusterEngine engine = registry.cluster(clusterId);
        return samples.forEachSince(clusterId, newestMs - config.planning().warmUp().toMillis(), s -> engine.offer(
                s.kind(), s.entityId(), s.metric(), Math.floorDiv(s.timestampMs(), 1000), s.value()));
    }
}
