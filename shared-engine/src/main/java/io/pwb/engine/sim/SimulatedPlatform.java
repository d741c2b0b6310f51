package io.pwb.engine.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A simulated virtualisation platform in discrete time: hosts, VMs, their placement, live migrations and power.
 * It sits behind the same boundary as oVirt or OpenStack: callers read {@link #observe()} and ask for
 * {@link #requestMigration(String, String)}; they never change its state otherwise.
 *
 * <p>Physics per step (length {@code stepSeconds}):
 * <ul>
 *   <li>each placed VM demands {@code DemandSource.utilisation x cpuMips} for the whole step;</li>
 *   <li>a migration lasts {@code memoryMb x 8 / (linkMbps / 2)} seconds (half the slower link, as CloudSim). While it
 *   runs the VM is still served by its source but loses 10 % of its demand, and the target already carries 10 %
 *   of the VM's demand (CloudSim's model of the copy); afterwards the VM runs on the target. A migration chosen to
 *   fail (see {@link MigrationFailures}) takes the same time and leaves the VM on its source;</li>
 *   <li>a step is split into a migration phase (the longest migration touching the host) and the rest; in each phase
 *   a host is overloaded when its demand exceeds its capacity, and draws its power model's watts at that
 *   utilisation (clamped to 100 %), or 0 W when its {@link IdlePower} rule says it is off;</li>
 *   <li>a VM whose {@link DemandSource#departureStep} has come leaves its host at the start of that step (unless it
 *   is migrating; then it leaves once the copy is over) and is shown unplaced from then on.</li>
 * </ul>
 * Not thread-safe: one caller drives it.
 */
public final class SimulatedPlatform {
    /** Share of a moving VM's CPU lost while it migrates (and carried by the target during the copy). */
    public static final double MIGRATION_CPU_PENALTY = 0.10;

    private final List<HostSpec> hosts;
    private final List<VmSpec> vms;
    private final Map<String, Integer> hostIndex = new HashMap<>();
    private final Map<String, Integer> vmIndex = new HashMap<>();
    private final DemandSource demand;
    private final int stepSeconds;
    private final MigrationFailures failures;
    private final IdlePower idlePower;

    private final int[] vmHost;
    private final int[] vmTarget;
    private final double[] migrationRemainingSeconds;
    private final boolean[] migrationFails;
    private final double[] hostUsedMemoryMb;
    private final double[] lastVmDemandMips;
    private final double[] lastHostDemandMips;
    private final boolean[] lastHostActive;
    private final boolean[] departed;
    private long nextStep;
    private int migrationsRequested;

    public SimulatedPlatform(List<HostSpec> hosts, List<VmSpec> vms, DemandSource demand, int stepSeconds,
                             MigrationFailures failures, boolean powerOffEmptyHosts) {
        this(hosts, vms, demand, stepSeconds, failures, powerOffEmptyHosts ? IdlePower.OFF_WHEN_EMPTY : IdlePower.ALWAYS_ON);
    }

    public SimulatedPlatform(List<HostSpec> hosts, List<VmSpec> vms, DemandSource demand, int stepSeconds,
                             MigrationFailures failures, IdlePower idlePower) {
        this.hosts = List.copyOf(hosts);
        this.vms = List.copyOf(vms);
        this.demand = Objects.requireNonNull(demand, "demand source");
        this.failures = Objects.requireNonNull(failures, "migration failures");
        if (stepSeconds <= 0) {
            throw new IllegalArgumentException("step must be positive");
        }
        if (this.hosts.isEmpty()) {
            throw new IllegalArgumentException("a platform needs at least one host");
        }
        this.stepSeconds = stepSeconds;
        this.idlePower = Objects.requireNonNull(idlePower, "idle power rule");
        for (int i = 0; i < this.hosts.size(); i++) {
            if (hostIndex.put(this.hosts.get(i).id(), i) != null) {
                throw new IllegalArgumentException("duplicate host id " + this.hosts.get(i).id());
            }
        }
        for (int i = 0; i < this.vms.size(); i++) {
            if (vmIndex.put(this.vms.get(i).id(), i) != null) {
                throw new IllegalArgumentException("duplicate vm id " + this.vms.get(i).id());
            }
        }
        int n = this.vms.size();
        vmHost = new int[n];
        vmTarget = new int[n];
        java.util.Arrays.fill(vmHost, -1);
        java.util.Arrays.fill(vmTarget, -1);
        migrationRemainingSeconds = new double[n];
        migrationFails = new boolean[n];
        lastVmDemandMips = new double[n];
        hostUsedMemoryMb = new double[this.hosts.size()];
        lastHostDemandMips = new double[this.hosts.size()];
        lastHostActive = new boolean[this.hosts.size()];
        departed = new boolean[n];
    }

    public List<HostSpec> hosts() {
        return hosts;
    }

    public List<VmSpec> vms() {
        return vms;
    }

    public int stepSeconds() {
        return stepSeconds;
    }

    /** Index of the next step to simulate (= number of steps done). */
    public long nextStep() {
        return nextStep;
    }

    /** True while the demand source has data for the next step. */
    public boolean hasNextStep() {
        return nextStep < demand.steps();
    }

    /** Initial placement (or placement of a new VM): puts an unplaced VM on a host, checking memory. */
    public void place(String vmId, String hostId) {
        int v = vm(vmId);
        int h = host(hostId);
        if (vmHost[v] >= 0) {
            throw new IllegalStateException("vm " + vmId + " is already placed on " + hosts.get(vmHost[v]).id());
        }
        if (departed[v]) {
            throw new IllegalStateException("vm " + vmId + " has left the platform");
        }
        if (hostUsedMemoryMb[h] + vms.get(v).reservedMemoryMb() > hosts.get(h).memoryMb() + 1e-9) {
            throw new IllegalStateException("vm " + vmId + " does not fit in the memory of " + hostId);
        }
        vmHost[v] = h;
        hostUsedMemoryMb[h] += vms.get(v).reservedMemoryMb();
    }

    /** The host a VM runs on, or null when unplaced. */
    public String hostOf(String vmId) {
        int h = vmHost[vm(vmId)];
        return h < 0 ? null : hosts.get(h).id();
    }

    /**
     * Starts a live migration at the beginning of the next step. Refused (with a reason) when the VM is unknown,
     * unplaced or already moving, the target is unknown or the source, or the target lacks memory.
     */
    public MigrationResult requestMigration(String vmId, String targetHostId) {
        Integer v = vmIndex.get(vmId);
        if (v == null) {
            return new MigrationResult.Refused(vmId, "unknown vm");
        }
        Integer t = hostIndex.get(targetHostId);
        if (t == null) {
            return new MigrationResult.Refused(vmId, "unknown target host " + targetHostId);
        }
        int s = vmHost[v];
        if (s < 0) {
            return new MigrationResult.Refused(vmId, departed[v] ? "vm has left the platform" : "vm is not placed");
        }
        if (vmTarget[v] >= 0) {
            return new MigrationResult.Refused(vmId, "vm is already migrating");
        }
        if (s == t) {
            return new MigrationResult.Refused(vmId, "target is the vm's current host");
        }
        VmSpec spec = vms.get(v);
        if (hostUsedMemoryMb[t] + spec.reservedMemoryMb() > hosts.get(t).memoryMb() + 1e-9) {
            return new MigrationResult.Refused(vmId, "not enough free memory on " + targetHostId);
        }
        double linkMbps = Math.min(hosts.get(s).linkMbps(), hosts.get(t).linkMbps());
        double seconds = migrationSeconds(spec.memoryMb(), linkMbps);
        vmTarget[v] = t;
        migrationRemainingSeconds[v] = seconds;
        migrationFails[v] = failures.fails(vmId, hosts.get(s).id(), targetHostId, nextStep);
        hostUsedMemoryMb[t] += spec.reservedMemoryMb();
        migrationsRequested++;
        return new MigrationResult.Started(vmId, hosts.get(s).id(), targetHostId, seconds);
    }

    /** Live-migration time: memory over half the link bandwidth (the other half carries the VM's own traffic). */
    public static double migrationSeconds(double memoryMb, double linkMbps) {
        return memoryMb * 8.0 / (linkMbps / 2.0);
    }

    /** Simulates the next step and returns its accounting. */
    public StepRecord step() {
        if (!hasNextStep()) {
            throw new IllegalStateException("the demand source has no data for step " + nextStep);
        }
        long step = nextStep;
        int nh = hosts.size();
        int nv = vms.size();
        double[] base = new double[nh];
        int[] residents = new int[nh];
        double[] during = new double[nh];
        double[] after = new double[nh];
        double[] phase = new double[nh];
        boolean[] activeDuring = new boolean[nh];
        boolean[] activeAfter = new boolean[nh];
        double[] requested = new double[nv];
        double[] loss = new double[nv];
        int completed = 0;
        int failed = 0;
        int started = migrationsRequested;
        migrationsRequested = 0;
        for (int v = 0; v < nv; v++) {
            if (vmHost[v] >= 0 && vmTarget[v] < 0 && demand.departureStep(v) <= step) {
                hostUsedMemoryMb[vmHost[v]] -= vms.get(v).reservedMemoryMb();
                vmHost[v] = -1;
                departed[v] = true;
            }
            int s = vmHost[v];
            if (s < 0) {
                lastVmDemandMips[v] = 0;
                continue;
            }
            double u = demand.utilisation(v, step);
            if (!(u >= 0)) {
                throw new IllegalStateException("demand source gave " + u + " for vm " + vms.get(v).id() + " at step " + step);
            }
            double d = Math.min(1.0, u) * vms.get(v).cpuMips();
            lastVmDemandMips[v] = d;
            requested[v] = d * stepSeconds;
            int t = vmTarget[v];
            if (t < 0) {
                base[s] += d;
                residents[s]++;
                continue;
            }
            double remaining = migrationRemainingSeconds[v];
            double overlap = Math.min(remaining, stepSeconds);
            boolean completes = remaining <= stepSeconds;
            phase[s] = Math.max(phase[s], overlap);
            phase[t] = Math.max(phase[t], overlap);
            during[s] += d;
            during[t] += MIGRATION_CPU_PENALTY * d;
            activeDuring[s] = true;
            activeDuring[t] = true;
            loss[v] = MIGRATION_CPU_PENALTY * d * overlap;
            if (completes) {
                int end = migrationFails[v] ? s : t;
                after[end] += d;
                activeAfter[end] = true;
                hostUsedMemoryMb[migrationFails[v] ? t : s] -= vms.get(v).reservedMemoryMb();
                vmHost[v] = end;
                vmTarget[v] = -1;
                if (migrationFails[v]) {
                    failed++;
                } else {
                    completed++;
                }
                migrationFails[v] = false;
                migrationRemainingSeconds[v] = 0;
            } else {
                // Still copying after this step: the migration phase covers the whole step.
                migrationRemainingSeconds[v] = remaining - stepSeconds;
            }
        }
        double[] hostDemand = new double[nh];
        double[] activeSeconds = new double[nh];
        double[] overloadSeconds = new double[nh];
        double[] energy = new double[nh];
        for (int h = 0; h < nh; h++) {
            HostSpec spec = hosts.get(h);
            double p = phase[h];
            double rest = stepSeconds - p;
            double loadDuring = base[h] + during[h];
            double loadAfter = base[h] + after[h];
            boolean aDuring = residents[h] > 0 || activeDuring[h];
            boolean aAfter = residents[h] > 0 || activeAfter[h];
            hostDemand[h] = (loadDuring * p + loadAfter * rest) / stepSeconds;
            activeSeconds[h] = (aDuring ? p : 0) + (aAfter ? rest : 0);
            overloadSeconds[h] = (aDuring && loadDuring > spec.cpuCapacityMips() ? p : 0)
                    + (aAfter && loadAfter > spec.cpuCapacityMips() ? rest : 0);
            energy[h] = watts(spec, loadDuring, aDuring) * p + watts(spec, loadAfter, aAfter) * rest;
            lastHostDemandMips[h] = hostDemand[h];
            lastHostActive[h] = aAfter;
        }
        nextStep++;
        return new StepRecord(step, stepSeconds, hostDemand, activeSeconds, overloadSeconds, energy, requested, loss,
                started, completed, failed);
    }

    private double watts(HostSpec spec, double loadMips, boolean active) {
        boolean off = switch (idlePower) {
            case ALWAYS_ON -> false;
            case OFF_WHEN_EMPTY -> !active;
            case OFF_AT_ZERO_CPU -> !active || loadMips <= 0;
        };
        if (off) {
            return 0;
        }
        return spec.power().watts(Math.min(1.0, loadMips / spec.cpuCapacityMips()));
    }

    /** The platform as an adapter would report it after the last step. */
    public ClusterObservation observe() {
        int nh = hosts.size();
        List<List<String>> resident = new ArrayList<>(nh);
        for (int h = 0; h < nh; h++) {
            resident.add(new ArrayList<>());
        }
        List<ClusterObservation.VmView> vmViews = new ArrayList<>(vms.size());
        for (int v = 0; v < vms.size(); v++) {
            VmSpec spec = vms.get(v);
            int h = vmHost[v];
            if (h >= 0) {
                resident.get(h).add(spec.id());
            }
            vmViews.add(new ClusterObservation.VmView(spec.id(), h < 0 ? null : hosts.get(h).id(), spec.cpuMips(),
                    spec.memoryMb(), spec.reservedMemoryMb(), lastVmDemandMips[v], vmTarget[v] < 0 ? null : hosts.get(vmTarget[v]).id()));
        }
        List<ClusterObservation.HostView> hostViews = new ArrayList<>(nh);
        for (int h = 0; h < nh; h++) {
            HostSpec spec = hosts.get(h);
            hostViews.add(new ClusterObservation.HostView(spec.id(), spec.cores(), spec.cpuCapacityMips(),
                    spec.memoryMb(), hostUsedMemoryMb[h], lastHostDemandMips[h],
                    lastHostActive[h] || !resident.get(h).isEmpty(), spec.power(),
                    Collections.unmodifiableList(resident.get(h))));
        }
        return new ClusterObservation(nextStep - 1, nextStep * stepSeconds, stepSeconds,
                Collections.unmodifiableList(hostViews), Collections.unmodifiableList(vmViews));
    }

    private int vm(String id) {
        Integer v = vmIndex.get(id);
        if (v == null) {
            throw new IllegalArgumentException("unknown vm " + id);
        }
        return v;
    }

    private int host(String id) {
        Integer h = hostIndex.get(id);
        if (h == null) {
            throw new IllegalArgumentException("unknown host " + id);
        }
        return h;
    }
}
