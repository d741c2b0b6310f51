package io.pwb.engine.placement;

import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Vm;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Filter then rank: where may a VM go, and where should it go. The entry point for the planner and for the
 * platform adapters (oVirt filter and weight units, Watcher strategy). Bad requests (unknown VM, unknown hosts)
 * come back as errors and rejections, never as exceptions.
 */
public final class Placement {

    private final List<HostFilter> filters;
    private final Ranker ranker;

    public Placement(List<HostFilter> filters, Ranker ranker) {
        this.filters = List.copyOf(filters);
        this.ranker = ranker;
    }

    /** For platform scheduling (start or migrate a VM): the VM must fit within 100 % of schedulable capacity. */
    public static Placement standard(PlanningSettings settings) {
        return withFit(settings, new FitFilter(1.0), List.of());
    }

    /**
     * For the planner: a target must stay at or under the overload threshold (each resource under its own, when
     * it has one) at every step.
     */
    public static Placement forPlanning(PlanningSettings settings) {
        return forPlanning(settings, List.of());
    }

    /**
     * For the planner, with the platform's own hard constraints after the standard filters (e.g. the Watcher
     * edge's Nova allocation check of flavor vCPUs and disk).
     */
    public static Placement forPlanning(PlanningSettings settings, List<HostFilter> platformFilters) {
        return withFit(settings, FitFilter.underThresholds(settings), platformFilters);
    }

    /**
     * For overload relief: a target must stay at or under its threshold (per resource) minus the minimum gain at
     * every step (a resource whose threshold is 100 % is a hard fit limit only and gets no band). The band below
     * the threshold is the target-side hysteresis: a host filled right up to its
     * threshold becomes a source itself at the next small change of its forecasts, and relief turns into a chain
     * of moves.
     */
    public static Placement forRelief(PlanningSettings settings, List<HostFilter> platformFilters) {
        double[] limits = new double[Resource.COUNT];
        for (int r = 0; r < Resource.COUNT; r++) {
            double threshold = settings.thresholdFor(Resource.of(r));
            // A threshold of 100 % makes a resource a hard fit limit only, never a reason for relief: no band.
            limits[r] = threshold >= 1.0 ? threshold : belowBy(threshold, settings.minGainUtilisation());
        }
        return withFit(settings, new FitFilter(limits), platformFilters);
    }

    /**
     * For overload rescue, when no target can stay under its threshold: a target must stay at or under its capacity
     * minus the minimum gain at every step (it may cross its threshold, never be predicted to overload).
     */
    public static Placement forRescue(PlanningSettings settings, List<HostFilter> platformFilters) {
        return withFit(settings, new FitFilter(belowBy(1.0, settings.minGainUtilisation())), platformFilters);
    }

    /** {@code limit - band}, or {@code limit} when the band would leave no room at all. */
    private static double belowBy(double limit, double band) {
        return limit - band > 0 ? limit - band : limit;
    }

    private static Placement withFit(PlanningSettings settings, FitFilter fit, List<HostFilter> platformFilters) {
        List<HostFilter> filters = new ArrayList<>(standardFilters());
        filters.add(fit);
        filters.addAll(platformFilters == null ? List.of() : platformFilters);
        return new Placement(filters, Ranker.standard(settings.weights()));
    }

    private static List<HostFilter> standardFilters() {
        return List.of(new HostStateFilter(), new CurrentHostFilter(), new MaintenanceFilter(),
                new CoolDownFilter(), new AffinityFilter());
    }

    public List<HostFilter> filters() {
        return filters;
    }

    /**
     * Filters candidate hosts for a VM of the snapshot.
     *
     * @param candidateHostIds hosts to consider; null = every host of the cluster
     */
    public FilterResult filter(PlacementContext ctx, String vmId, Collection<String> candidateHostIds) {
        Filtered f = filtered(ctx, vmId, candidateHostIds);
        if (f.error() != null) {
            return new FilterResult(List.of(), f.rejected(), List.of(f.error()));
        }
        List<String> passed = new ArrayList<>(f.count());
        for (int i = 0; i < f.count(); i++) {
            passed.add(ctx.projection().host(f.hosts()[i]).id());
        }
        return new FilterResult(passed, f.rejected(), List.of());
    }

    /** Filters, then ranks the survivors, best first. */
    public RankResult rank(PlacementContext ctx, String vmId, Collection<String> candidateHostIds) {
        Filtered f = filtered(ctx, vmId, candidateHostIds);
        if (f.error() != null) {
            return new RankResult(List.of(), f.rejected(), List.of(f.error()));
        }
        return new RankResult(ranker.rank(ctx, f.vm(), f.demand(), f.hosts(), f.count()), f.rejected(), List.of());
    }

    private record Filtered(Vm vm, VmDemand demand, int[] hosts, int count, Map<String, String> rejected,
                            String error) {
    }

    private Filtered filtered(PlacementContext ctx, String vmId, Collection<String> candidateHostIds) {
        Map<String, String> rejected = new LinkedHashMap<>();
        Vm vm = ctx.snapshot().vm(vmId).orElse(null);
        if (vm == null) {
            return new Filtered(null, null, new int[0], 0, rejected, "unknown VM " + vmId + " in cluster "
                    + ctx.snapshot().clusterId());
        }
        int[] idx = candidates(ctx.projection(), candidateHostIds, rejected);
        VmDemand demand = ctx.projection().demand(vmId);
        int n = filterInto(ctx, vm, demand, idx, idx.length, rejected);
        return new Filtered(vm, demand, idx, n, rejected, null);
    }

    /**
     * Hot path for the planner: every host of the cluster, filtered then ranked, without rejection texts.
     */
    public List<RankedHost> rankAll(PlacementContext ctx, Vm vm, VmDemand demand) {
        int[] idx = new int[ctx.projection().hostCount()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        int n = filterInto(ctx, vm, demand, idx, idx.length, null);
        return ranker.rank(ctx, vm, demand, idx, n);
    }

    /** First filter that rejects host h, as "name: reason", or null when h passes. */
    public String firstRejection(PlacementContext ctx, Vm vm, VmDemand demand, int h) {
        for (HostFilter f : filters) {
            String why = f.reject(ctx, vm, demand, h);
            if (why != null) {
                return f.name() + ": " + why;
            }
        }
        return null;
    }

    /** Compacts idx[0..n) to the passing hosts, recording rejections when asked; returns the passing count. */
    private int filterInto(PlacementContext ctx, Vm vm, VmDemand demand, int[] idx, int n,
                           Map<String, String> rejected) {
        int kept = 0;
        for (int i = 0; i < n; i++) {
            int h = idx[i];
            String why = firstRejection(ctx, vm, demand, h);
            if (why == null) {
                idx[kept++] = h;
            } else if (rejected != null) {
                rejected.put(ctx.projection().host(h).id(), why);
            }
        }
        return kept;
    }

    private static int[] candidates(ClusterProjection p, Collection<String> hostIds, Map<String, String> rejected) {
        if (hostIds == null) {
            int[] all = new int[p.hostCount()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] idx = new int[hostIds.size()];
        int n = 0;
        for (String id : new java.util.LinkedHashSet<>(hostIds)) {
            int h = p.indexOf(id);
            if (h < 0) {
                rejected.put(String.valueOf(id), "unknown host " + id + " in cluster " + p.snapshot().clusterId());
            } else {
                idx[n++] = h;
            }
        }
        return java.util.Arrays.copyOf(idx, n);
    }
}
