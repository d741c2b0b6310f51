package io.pwb.service.demo;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PowerModel;
import io.pwb.engine.planning.Decision;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.sim.ClusterObservation;
import io.pwb.engine.sim.HostSpec;
import io.pwb.engine.sim.MigrationFailures;
import io.pwb.engine.sim.MigrationResult;
import io.pwb.engine.sim.SimulatedPlatform;
import io.pwb.engine.sim.SyntheticDemandSource;
import io.pwb.engine.sim.VmSpec;
import io.pwb.service.config.PwbConfig;
import io.pwb.service.ingest.SampleIngestor;
import io.pwb.service.ingest.SampleMessage;
import io.pwb.service.planning.EngineService;
import io.pwb.service.planning.PlanningLoop;
import io.pwb.service.store.ClusterSettingsEntity;
import io.pwb.service.store.ClusterSettingsStore;
import io.pwb.service.store.InventoryStore;
import io.pwb.service.store.MaintenanceWindowEntity;
import io.pwb.service.store.PolicyStore;
import io.pwb.service.store.SampleStore;
import io.pwb.service.store.VmEntity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo cluster: a simulated platform (hosts, VMs with daily patterns and bursts, one maintenance window) on an
 * accelerated clock, driven through the same ingestion, engine, ledger and persistence as a real cluster. When PWB
 * decides a move, the simulation migrates the VM; what the simulation then reports moves the shadow on.
 * On start it first fast-forwards through the training period so that decisions appear within a minute or two.
 */
@ApplicationScoped
public class DemoCluster {
    private static final Logger LOG = Logger.getLogger(DemoCluster.class);
    private static final int STEP_SECONDS = 300;
    private static final double CORE_MHZ = 2500;
    private static final double MIB = 1024.0 * 1024.0;

    private final PwbConfig config;
    private final SampleIngestor ingestor;
    private final EngineService engines;
    private final PlanningLoop planning;
    private final ClusterSettingsStore clusters;
    private final InventoryStore inventory;
    private final PolicyStore policies;
    private final SampleStore samples;
    private volatile boolean running;
    private Thread thread;

    public DemoCluster(PwbConfig config, SampleIngestor ingestor, EngineService engines, PlanningLoop planning,
                       ClusterSettingsStore clusters, InventoryStore inventory, PolicyStore policies, SampleStore samples) {
        this.config = config;
        this.ingestor = ingestor;
        this.engines = engines;
        this.planning = planning;
        this.clusters = clusters;
        this.inventory = inventory;
        this.policies = policies;
        this.samples = samples;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.demo().enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "pwb-demo-cluster");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    private void run() {
        try {
            new Simulation().run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("the demo cluster stopped", e);
            }
        }
    }

    /** One run of the demo: build, fast-forward, then step on the accelerated clock. */
    private final class Simulation {
        final PwbConfig.Demo demo = config.demo();
        final String clusterId = demo.clusterId();
        final SimulatedPlatform platform;
        final long simStartMs;
        final Map<String, String> placement = new HashMap<>();
        /** After a restart the history is already there: no fast-forward, the demo simply continues. */
        final boolean resumed;

        Simulation() {
            planning.selfDriven(clusterId);
            boolean existed = clusters.find(clusterId).isPresent();
            clusters.ensureExists(clusterId);
            if (!existed) {
                // the demo exists to show moves: it acts (balance) where a new real cluster starts advisory
                clusters.update(clusterId, "balance", null, null, null);
            }
            List<HostSpec> hosts = new ArrayList<>();
            for (int h = 0; h < demo.hosts(); h++) {
                hosts.add(new HostSpec(hostId(h), 16, 16 * CORE_MHZ, 64 * 1024, PowerModel.HP_PROLIANT_ML110_G5, 1000));
            }
            List<VmSpec> vms = new ArrayList<>();
            for (int v = 0; v < demo.vms(); v++) {
                int vcpus = 1 + v % 4;
                vms.add(new VmSpec(vmId(v), vcpus * CORE_MHZ, 1024.0 * (2 << (v % 3))));
            }
            platform = new SimulatedPlatform(hosts, vms, new SyntheticDemandSource(vms.size(), STEP_SECONDS, 0.45, 0.01, demo.seed()),
                    STEP_SECONDS, MigrationFailures.none(), false);
            Map<String, String> stored = new HashMap<>();
            for (VmEntity v : inventory.vms(clusterId)) {
                if (v.hostId != null) {
                    stored.put(v.entityId, v.hostId);
                }
            }
            // crowd the VMs onto all but two hosts, so that daily peaks overload some and there is room to move to
            int crowded = Math.max(1, demo.hosts() - 2);
            for (int v = 0; v < vms.size(); v++) {
                String host = stored.getOrDefault(vmId(v), hostId(v % crowded));
                try {
                    platform.place(vmId(v), host);
                } catch (IllegalArgumentException | IllegalStateException full) {
                    host = hostId(demo.hosts() - 1 - v % 2);
                    platform.place(vmId(v), host);
                }
                placement.put(vmId(v), host);
            }
            for (HostSpec h : hosts) {
                inventory.upsertHost(clusterId, h.id(), h.cpuCapacityMips(), (long) (h.memoryMb() * MIB), "HP ProLiant ML110 G5");
            }
            for (VmSpec v : vms) {
                inventory.upsertVm(clusterId, v.id(), placement.get(v.id()), (int) Math.round(v.cpuMips() / CORE_MHZ), v.cpuMips(),
                        (long) (v.memoryMb() * MIB));
            }
            long warmUpMs = demo.warmUp().toMillis();
            long latest = samples.latestTimestamp(clusterId).orElse(Long.MIN_VALUE);
            resumed = latest != Long.MIN_VALUE;
            simStartMs = Math.max(System.currentTimeMillis() - warmUpMs, latest == Long.MIN_VALUE ? Long.MIN_VALUE : latest + STEP_SECONDS * 1000L);
            if (policies.maintenanceWindows(clusterId).isEmpty()) {
                MaintenanceWindowEntity w = new MaintenanceWindowEntity();
                w.clusterId = clusterId;
                w.hostId = hostId(0);
                w.startsAtMs = simStartMs + warmUpMs + Duration.ofHours(2).toMillis();
                w.endsAtMs = w.startsAtMs + Duration.ofHours(4).toMillis();
                w.reason = "demo: firmware upgrade";
                policies.addMaintenanceWindow(w);
            }
        }

        void run() throws InterruptedException {
            long warmUpSteps = resumed ? 0 : config.demo().warmUp().toSeconds() / STEP_SECONDS;
            LOG.infof("demo cluster '%s': %d hosts, %d VMs; fast-forwarding %d simulated steps, then %dx real time",
                    clusterId, demo.hosts(), demo.vms(), warmUpSteps, demo.speedup());
            for (long i = 0; i < warmUpSteps && running; i++) {
                step();
            }
            long pauseMs = Math.max(1, STEP_SECONDS * 1000L / demo.speedup());
            while (running) {
                long began = System.currentTimeMillis();
                step();
                Thread.sleep(Math.max(0, pauseMs - (System.currentTimeMillis() - began)));
            }
        }

        void step() {
            platform.step();
            ClusterObservation seen = platform.observe();
            long nowMs = simStartMs + seen.timeSeconds() * 1000L;
            Instant now = Instant.ofEpochMilli(nowMs);
            List<SampleMessage> batch = new ArrayList<>(seen.vms().size() * 2 + seen.hosts().size());
            for (ClusterObservation.VmView vm : seen.vms()) {
                batch.add(new SampleMessage(clusterId, EntityKind.VM, vm.id(), Metric.CPU_MHZ, nowMs, vm.demandMips(), vm.hostId()));
                batch.add(new SampleMessage(clusterId, EntityKind.VM, vm.id(), Metric.MEMORY_BYTES, nowMs, vm.memoryMb() * MIB, vm.hostId()));
                if (vm.hostId() != null && !vm.hostId().equals(placement.get(vm.id()))) {
                    placement.put(vm.id(), vm.hostId());
                    inventory.placeVm(clusterId, vm.id(), vm.hostId());
                }
            }
            for (ClusterObservation.HostView host : seen.hosts()) {
                batch.add(new SampleMessage(clusterId, EntityKind.HOST, host.id(), Metric.CPU_PERCENT, nowMs,
                        Math.max(0, host.utilisation() * 100), null));
            }
            ingestor.store(batch);
            ClusterSettingsEntity settings = clusters.find(clusterId).orElseThrow();
            PlanResult result = planning.planOnce(settings, now);
            act(result, now);
        }

        /** Asks the simulation to perform each move PWB reserved capacity for, and tells the ledger what happened. */
        void act(PlanResult result, Instant now) {
            ShadowLedger ledger = engines.ledger();
            for (Decision d : result.decisions()) {
                if (d.advisory() || d.shadowId() == null) {
                    continue;
                }
                MigrationResult r = platform.requestMigration(d.migration().vmId(), d.migration().targetHostId());
                if (r instanceof MigrationResult.Started) {
                    ledger.migrationStarted(d.clusterId(), d.migration().vmId(), now);
                } else if (r instanceof MigrationResult.Refused refused) {
                    ledger.migrationFailed(d.clusterId(), d.migration().vmId(),
                            "the platform refused: " + refused.reason(), now);
                }
            }
        }
    }

    static String hostId(int h) {
        return String.format("host-%02d", h + 1);
    }

    static String vmId(int v) {
        return String.format("vm-%03d", v + 1);
    }
}
