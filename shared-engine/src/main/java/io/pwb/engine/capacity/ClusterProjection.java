package io.pwb.engine.capacity;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Resource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Projected capacity and use of every host of a cluster per resource and horizon step. Built by
 * {@link CapacityProjector}; never changed in place: {@link #withPlannedMove} returns a new projection that
 * shares every untouched host's arrays.
 *
 * <p>Pooled bound. A host's projected use per step is the sum of its resident VMs' point forecasts plus one
 * pooled margin, {@code sqrt(sum of m_i^2)} where {@code m_i = upper_i - point_i} is VM i's own margin. For
 * independent VMs that is the margin of their sum (variances add, not standard deviations); summing the upper
 * bounds instead overstates it by up to {@code sqrt(n)} for n VMs of similar margin, which in a cluster at 60 %
 * mean makes every host of 15-20 VMs look overloaded. The pooled margin is never below the largest single margin
 * and equals the VM's own margin on a host with one VM. Fixed amounts are not pooled: a VM with no usable forecast
 * counts at its full size (point = upper). A VM planned or reserved to arrive joins its target's pool with the
 * margin its shadow holds (its own peak upper bound over the horizon minus its point at each step); a
 * reservation for a VM the snapshot does not know counts at its reserved amount, unpooled.
 *
 * <p>Two views of use. {@link #used} is conservative: residents (pooled) plus incoming reservations, and VMs on
 * their way out still count on their source (until the move is committed, the source must still be able to hold
 * them). {@link #expectedUsed} subtracts those outgoing VMs; the planner uses it only to decide whether a source
 * still needs relief, so that one overload does not trigger a second move.
 */
public final class ClusterProjection {

    private final ClusterSnapshot snapshot;
    private final int steps;
    private final Host[] hosts;
    private final Map<String, Integer> hostIndex;
    /** Schedulable capacity per host, [r * steps + s]; zero in steps covered by a maintenance window. */
    private final double[][] capacity;
    /** Per host, [r * steps + s]: resident points + fixed amounts (reservations, arrivals). */
    private final double[][] base;
    /** Per host: sum of squared margins (upper - point) of resident VMs. */
    private final double[][] marginSquares;
    /** Per host: point and squared margins of residents with a pending move away. */
    private final double[][] outgoingBase;
    private final double[][] outgoingSquares;
    private final boolean[] maintenanceInHorizon;
    private final Map<String, VmDemand> demands;
    /** VM id -> host index it is reserved to arrive on (active shadows, planned moves). */
    private final Map<String, Integer> arriving;
    /** Number of VMs reserved to arrive per host. */
    private final int[] arrivals;
    /**
     * Per resource: threshold / the resource's own threshold, when the settings give some resource its own
     * threshold; null otherwise (plain used / capacity, unchanged).
     */
    private final double[] thresholdScale;

    ClusterProjection(ClusterSnapshot snapshot, int steps, Host[] hosts, Map<String, Integer> hostIndex,
                      double[][] capacity, double[][] base, double[][] marginSquares, double[][] outgoingBase,
                      double[][] outgoingSquares, boolean[] maintenanceInHorizon,
                      Map<String, VmDemand> demands, Map<String, Integer> arriving, int[] arrivals) {
        this.snapshot = snapshot;
        this.steps = steps;
        this.hosts = hosts;
        this.hostIndex = hostIndex;
        this.capacity = capacity;
        this.base = base;
        this.marginSquares = marginSquares;
        this.outgoingBase = outgoingBase;
        this.outgoingSquares = outgoingSquares;
        this.maintenanceInHorizon = maintenanceInHorizon;
        this.demands = demands;
        this.arriving = arriving;
        this.arrivals = arrivals;
        this.thresholdScale = thresholdScale(snapshot.settings());
    }

    private static double[] thresholdScale(io.pwb.engine.model.PlanningSettings settings) {
        if (settings.resourceThresholds().isEmpty()) {
            return null;
        }
        double[] scale = new double[Resource.COUNT];
        for (int r = 0; r < Resource.COUNT; r++) {
            scale[r] = settings.thresholdUtilisation() / settings.thresholdFor(Resource.of(r));
        }
        return scale;
    }

    /** True when some VM is reserved to arrive on host h. */
    public boolean hasArrivals(int h) {
        return arrivals[h] > 0;
    }

    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    public int steps() {
        return steps;
    }

    public int hostCount() {
        return hosts.length;
    }

    public Host host(int h) {
        return hosts[h];
    }

    /** Index of a host, or -1 when it is not in the cluster. */
    public int indexOf(String hostId) {
        Integer i = hostId == null ? null : hostIndex.get(hostId);
        return i == null ? -1 : i;
    }

    /** Predicted demand of a VM of the snapshot, or null for an unknown VM. */
    public VmDemand demand(String vmId) {
        return demands.get(vmId);
    }

    /** Schedulable capacity (capacity x overcommit, 0 while in maintenance). */
    public double capacity(int h, Resource r, int step) {
        return capacity[h][r.ordinal() * steps + step];
    }

    /** Conservative use: residents (points + pooled margin) + incoming reservations (outgoing VMs still counted). */
    public double used(int h, Resource r, int step) {
        return use(h, r.ordinal() * steps + step, false, null, 0, null);
    }

    /** Use once pending outgoing moves have left. */
    public double expectedUsed(int h, Resource r, int step) {
        return use(h, r.ordinal() * steps + step, true, null, 0, null);
    }

    /**
     * Use at flat index i of host h, with {@code delta} arriving in (sign +1, at its peak upper bound as its shadow
     * holds it) or leaving (-1, its point and margin) the host's pool.
     */
    private double use(int h, int i, boolean expected, VmDemand delta, int sign, double[] peaks) {
        double b = base[h][i];
        double sq = marginSquares[h][i];
        if (expected) {
            b -= outgoingBase[h][i];
            sq -= outgoingSquares[h][i];
        }
        if (delta != null) {
            double point = delta.point()[i];
            // Arriving: its shadow will hold its peak upper bound, so that is its margin at every step.
            double bound = sign > 0 ? peaks[i / steps] : delta.upper()[i];
            double m = Math.max(0, bound - point);
            b += sign * point;
            sq += sign * m * m;
        }
        return b + Math.sqrt(Math.max(0, sq));
    }

    /** A VM's peak upper bound per resource (what its shadow would hold), computed once per check. */
    private static double[] peakUppers(VmDemand d) {
        double[] peaks = new double[Resource.COUNT];
        for (int r = 0; r < Resource.COUNT; r++) {
            peaks[r] = d.peakUpper(Resource.of(r));
        }
        return peaks;
    }

    /** The pooled margin of host h's residents at flat index i (for tests and explanations). */
    public double pooledMargin(int h, Resource r, int step) {
        return Math.sqrt(Math.max(0, marginSquares[h][r.ordinal() * steps + step]));
    }

    public double free(int h, Resource r, int step) {
        return capacity(h, r, step) - used(h, r, step);
    }

    /** Whether the host's capacity for r limits placement (CPU and memory always; network/disk when reported). */
    public boolean constrained(int h, Resource r) {
        return r.alwaysConstrained() || hosts[h].capacity().get(r) > 0;
    }

    /** True when a maintenance window removes this host's capacity somewhere in the horizon. */
    public boolean maintenanceInHorizon(int h) {
        return maintenanceInHorizon[h];
    }

    /** VM id -> host index of every VM reserved or planned to arrive somewhere (read-only view). */
    public Map<String, Integer> arriving() {
        return java.util.Collections.unmodifiableMap(arriving);
    }

    /** Host index a VM is reserved to arrive on, or -1. */
    public int arrivingOn(String vmId) {
        Integer i = arriving.get(vmId);
        return i == null ? -1 : i;
    }

    /** The host a VM is, or is about to be, on: its reservation target if it has one, else where it runs. */
    public boolean presentOn(String vmId, int h) {
        Integer a = arriving.get(vmId);
        if (a != null && a == h) {
            return true;
        }
        return snapshot.vm(vmId).map(vm -> hosts[h].id().equals(vm.hostId())).orElse(false);
    }

    /**
     * Highest used/capacity over the constrained resources at one step (+inf when use exceeds zero capacity). A
     * resource with its own threshold ({@code PlanningSettings.resourceThresholds}) counts as used/capacity x
     * threshold / its threshold, so every resource reaches the planning threshold exactly at its own threshold.
     */
    public double utilisation(int h, int step) {
        return utilisation(h, false, step, null, 1, null);
    }

    /** Like {@link #utilisation} on the expected view. */
    public double expectedUtilisation(int h, int step) {
        return utilisation(h, true, step, null, 1, null);
    }

    /** Peak conservative utilisation over the horizon, ignoring steps removed by maintenance. */
    public double peakUtilisation(int h) {
        return peak(h, false, null);
    }

    /** Peak expected utilisation over the horizon, ignoring steps removed by maintenance. */
    public double peakExpectedUtilisation(int h) {
        return peak(h, true, null);
    }

    /** Peak utilisation of host h if {@code demand} were added to (sign +1) or removed from (-1) it. */
    public double peakUtilisationWith(int h, VmDemand demand, int sign, boolean expected) {
        return peak(h, expected, demand, sign);
    }

    private double peak(int h, boolean expected, VmDemand delta) {
        return peak(h, expected, delta, 1);
    }

    private double peak(int h, boolean expected, VmDemand delta, int sign) {
        double[] peaks = delta != null && sign > 0 ? peakUppers(delta) : null;
        double max = 0;
        for (int s = 0; s < steps; s++) {
            if (capacity[h][Resource.CPU_MHZ.ordinal() * steps + s] == 0 && hosts[h].hasUsableCapacity()) {
                continue; // removed by a maintenance window: the evacuation logic deals with it
            }
            max = Math.max(max, utilisation(h, expected, s, delta, sign, peaks));
        }
        return max;
    }

    private double utilisation(int h, boolean expected, int step, VmDemand delta, int sign, double[] peaks) {
        double max = 0;
        for (int r = 0; r < Resource.COUNT; r++) {
            if (!constrained(h, Resource.of(r))) {
                continue;
            }
            int i = r * steps + step;
            double use = use(h, i, expected, delta, sign, peaks);
            double cap = capacity[h][i];
            double util = cap > 0 ? use / cap : (use > 1e-9 ? Double.POSITIVE_INFINITY : 0);
            if (thresholdScale != null) {
                util *= thresholdScale[r];
            }
            if (util > max) {
                max = util;
            }
        }
        return max;
    }

    /**
     * Checks that the VM fits on host h at every step, its point and margin pooled with the host's residents,
     * without exceeding {@code limit} x capacity of any constrained resource (conservative view).
     *
     * @return the first violation as text, or null when it fits
     */
    public String misfit(int h, VmDemand demand, double limit) {
        double[] limits = new double[Resource.COUNT];
        java.util.Arrays.fill(limits, limit);
        return misfit(h, demand, limits);
    }

    /**
     * Like {@link #misfit(int, VmDemand, double)} with a limit per resource (indexed by ordinal), e.g. each
     * resource's own planning threshold.
     */
    public String misfit(int h, VmDemand demand, double[] limits) {
        double[] peaks = peakUppers(demand);
        double[] c = capacity[h];
        double[] d = demand.upper();
        for (int r = 0; r < Resource.COUNT; r++) {
            if (!constrained(h, Resource.of(r))) {
                continue;
            }
            int base = r * steps;
            double limit = limits[r];
            for (int s = 0; s < steps; s++) {
                int i = base + s;
                double u = use(h, i, false, null, 0, null);
                double with = use(h, i, false, demand, 1, peaks);
                if (with > c[i] * limit + 1e-9) {
                    return Resource.of(r).key() + " at step " + (s + 1) + ": used " + round(u) + " + VM "
                            + round(d[i]) + " (pooled: " + round(with) + ") > " + round(c[i] * limit) + " (" + Math.round(limit * 100)
                            + " % of " + round(c[i]) + ")";
                }
            }
        }
        return null;
    }

    private static String round(double v) {
        return v >= 100 ? Long.toString(Math.round(v)) : String.format("%.2f", v);
    }

    /**
     * The projection after planning to move a VM from {@code source} (its host, or -1) to {@code target}: its
     * point and margin join the target's pool and are marked outgoing on the source.
     */
    public ClusterProjection withPlannedMove(String vmId, int source, int target) {
        return withPlannedMove(vmId, source, target, null);
    }

    /**
     * As {@link #withPlannedMove(String, int, int)}, the VM arriving on the target as {@code arrivingAs} (e.g. at its
     * configured size) instead of its forecast demand ({@code arrivingAs} null).
     */
    public ClusterProjection withPlannedMove(String vmId, int source, int target, VmDemand arrivingAs) {
        VmDemand d = demands.get(vmId);
        if (d == null) {
            throw new IllegalArgumentException("unknown VM " + vmId);
        }
        VmDemand in = arrivingAs == null ? d : arrivingAs;
        double[][] newBase = base.clone();
        double[][] newSquares = marginSquares.clone();
        double[][] newOutBase = outgoingBase.clone();
        double[][] newOutSquares = outgoingSquares.clone();
        newBase[target] = Arrays.copyOf(base[target], base[target].length);
        newSquares[target] = Arrays.copyOf(marginSquares[target], marginSquares[target].length);
        CapacityProjector.addArriving(newBase[target], newSquares[target], in, in.peakUpper(), steps);
        if (source >= 0) {
            newOutBase[source] = Arrays.copyOf(outgoingBase[source], outgoingBase[source].length);
            newOutSquares[source] = Arrays.copyOf(outgoingSquares[source], outgoingSquares[source].length);
            CapacityProjector.addPooled(newOutBase[source], newOutSquares[source], d);
        }
        Map<String, Integer> newArriving = new HashMap<>(arriving);
        newArriving.put(vmId, target);
        int[] newArrivals = arrivals.clone();
        newArrivals[target]++;
        return new ClusterProjection(snapshot, steps, hosts, hostIndex, capacity, newBase, newSquares,
                newOutBase, newOutSquares, maintenanceInHorizon, demands, newArriving, newArrivals);
    }

    /** The hosts in index order. */
    public List<Host> hosts() {
        return List.of(hosts);
    }
}
