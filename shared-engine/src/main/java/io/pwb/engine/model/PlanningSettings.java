package io.pwb.engine.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Per-cluster planning parameters, each with a default. (Cool-downs and shadow timing belong to the shadow
 * ledger's settings.)
 *
 * @param mode                           balance, cost or advisory
 * @param thresholdUtilisation           a host is overloaded above this fraction of its schedulable capacity
 * @param horizonSteps                   forecast steps the planner looks ahead
 * @param stepSeconds                    seconds per forecast step
 * @param maxMovesPerCycle               cap of new moves per cycle in the cluster (at least; see below)
 * @param maxMovesPerHostPerCycle        cap of new moves per cycle out of or into one host
 * @param minGainUtilisation             hysteresis: a move must lower the predicted peak by at least this much
 * @param evacuationLeadSeconds          start evacuating a host this long before its maintenance window
 * @param cycleIntervalSeconds           seconds between planning cycles (to spread evacuations)
 * @param consolidationBelowUtilisation  cost mode: hosts whose predicted peak stays below this may be emptied
 *                                       (default 0.40, half the default threshold: two such hosts fit in one)
 * @param weights                        ranking weights
 * @param movesPerCycleShareOfHosts      the cluster cap grows with the cluster: at most
 *                                       {@code max(maxMovesPerCycle, ceil(share x hosts))} moves per cycle (the
 *                                       default 0.10, one move per 10 hosts, keeps 5 up to 50 hosts and allows 80
 *                                       in an 800-host cluster, where 5 would leave most overloads waiting and 40
 *                                       kept cost mode emptying a sprawled cluster for two hours); 0 makes
 *                                       maxMovesPerCycle a fixed cap
 * @param resourceThresholds             per-resource overrides of {@code thresholdUtilisation} (empty by default:
 *                                       the threshold applies to every constrained resource). A resource with its
 *                                       own threshold is measured against it: its utilisation counts in the host's
 *                                       utilisation as {@code used / capacity x thresholdUtilisation / its
 *                                       threshold}, so it overloads the host, and stops a target, at its own
 *                                       threshold. A threshold of 1.0 makes a resource a hard fit limit only, e.g.
 *                                       CPU balanced at 25 % while memory merely has to fit
 */
public record PlanningSettings(PlanningMode mode, double thresholdUtilisation, int horizonSteps, int stepSeconds,
                               int maxMovesPerCycle, int maxMovesPerHostPerCycle, double minGainUtilisation,
                               long evacuationLeadSeconds, long cycleIntervalSeconds,
                               double consolidationBelowUtilisation, RankingWeights weights,
                               double movesPerCycleShareOfHosts, Map<Resource, Double> resourceThresholds) {

    /** Default share of the cluster's hosts that may be moved to or from per cycle. */
    public static final double DEFAULT_MOVES_PER_CYCLE_SHARE_OF_HOSTS = 0.10;

    public static final PlanningSettings DEFAULT = new PlanningSettings(PlanningMode.BALANCE, 0.80, 12, 300, 5, 2,
            0.08, 3 * 3600, 300, 0.40, RankingWeights.DEFAULT, DEFAULT_MOVES_PER_CYCLE_SHARE_OF_HOSTS, Map.of());

    /** All settings but the per-resource thresholds: the threshold applies to every constrained resource. */
    public PlanningSettings(PlanningMode mode, double thresholdUtilisation, int horizonSteps, int stepSeconds,
                            int maxMovesPerCycle, int maxMovesPerHostPerCycle, double minGainUtilisation,
                            long evacuationLeadSeconds, long cycleIntervalSeconds,
                            double consolidationBelowUtilisation, RankingWeights weights,
                            double movesPerCycleShareOfHosts) {
        this(mode, thresholdUtilisation, horizonSteps, stepSeconds, maxMovesPerCycle, maxMovesPerHostPerCycle,
                minGainUtilisation, evacuationLeadSeconds, cycleIntervalSeconds, consolidationBelowUtilisation,
                weights, movesPerCycleShareOfHosts, Map.of());
    }

    /** All settings but the cap's share of hosts, which takes its default. */
    public PlanningSettings(PlanningMode mode, double thresholdUtilisation, int horizonSteps, int stepSeconds,
                            int maxMovesPerCycle, int maxMovesPerHostPerCycle, double minGainUtilisation,
                            long evacuationLeadSeconds, long cycleIntervalSeconds,
                            double consolidationBelowUtilisation, RankingWeights weights) {
        this(mode, thresholdUtilisation, horizonSteps, stepSeconds, maxMovesPerCycle, maxMovesPerHostPerCycle,
                minGainUtilisation, evacuationLeadSeconds, cycleIntervalSeconds, consolidationBelowUtilisation,
                weights, DEFAULT_MOVES_PER_CYCLE_SHARE_OF_HOSTS);
    }

    public PlanningSettings {
        if (mode == null) {
            throw new IllegalArgumentException("planning mode must be set");
        }
        Checks.fraction("thresholdUtilisation", thresholdUtilisation);
        if (horizonSteps < 1 || horizonSteps > 10_000) {
            throw new IllegalArgumentException("horizonSteps must be in 1..10000, got " + horizonSteps);
        }
        if (stepSeconds < 1) {
            throw new IllegalArgumentException("stepSeconds must be positive, got " + stepSeconds);
        }
        if (maxMovesPerCycle < 0 || maxMovesPerHostPerCycle < 0) {
            throw new IllegalArgumentException("move caps must be non-negative");
        }
        Checks.nonNegative("minGainUtilisation", minGainUtilisation);
        if (evacuationLeadSeconds < 0 || cycleIntervalSeconds < 1) {
            throw new IllegalArgumentException("evacuation lead must be >= 0 s and the cycle interval >= 1 s");
        }
        Checks.nonNegative("consolidationBelowUtilisation", consolidationBelowUtilisation);
        if (consolidationBelowUtilisation >= thresholdUtilisation) {
            throw new IllegalArgumentException("consolidationBelowUtilisation (" + consolidationBelowUtilisation
                    + ") must be below thresholdUtilisation (" + thresholdUtilisation + ")");
        }
        weights = weights == null ? RankingWeights.DEFAULT : weights;
        if (!(movesPerCycleShareOfHosts >= 0 && movesPerCycleShareOfHosts <= 1)) {
            throw new IllegalArgumentException("movesPerCycleShareOfHosts must be in 0..1, got "
                    + movesPerCycleShareOfHosts);
        }
        EnumMap<Resource, Double> own = new EnumMap<>(Resource.class);
        if (resourceThresholds != null) {
            resourceThresholds.forEach((r, t) -> {
                if (r == null || t == null) {
                    throw new IllegalArgumentException("resource thresholds need a resource and a value");
                }
                own.put(r, Checks.fraction("threshold of " + r.key(), t));
            });
        }
        resourceThresholds = Collections.unmodifiableMap(own);
    }

    /** The threshold a resource is measured against: its own, else {@code thresholdUtilisation}. */
    public double thresholdFor(Resource r) {
        Double own = resourceThresholds.get(r);
        return own == null ? thresholdUtilisation : own;
    }

    /**
     * The same settings with a resource measured against its own threshold (1.0: a hard fit limit only, the
     * resource never counts as overloaded below its capacity).
     */
    public PlanningSettings withResourceThreshold(Resource r, double threshold) {
        Map<Resource, Double> own = new EnumMap<>(Resource.class);
        own.putAll(resourceThresholds);
        own.put(r, threshold);
        return new PlanningSettings(mode, thresholdUtilisation, horizonSteps, stepSeconds, maxMovesPerCycle,
                maxMovesPerHostPerCycle, minGainUtilisation, evacuationLeadSeconds, cycleIntervalSeconds,
                consolidationBelowUtilisation, weights, movesPerCycleShareOfHosts, own);
    }

    /**
     * Another hysteresis: the excess over the threshold a relief move must remove (0 = any move that removes some
     * excess, as a platform without hysteresis of its own expects).
     */
    public PlanningSettings withMinGain(double minGain) {
        return new PlanningSettings(mode, thresholdUtilisation, horizonSteps, stepSeconds, maxMovesPerCycle,
                maxMovesPerHostPerCycle, minGain, evacuationLeadSeconds, cycleIntervalSeconds,
                consolidationBelowUtilisation, weights, movesPerCycleShareOfHosts, resourceThresholds);
    }

    /** The cluster-wide cap of moves per cycle for a cluster of {@code hosts} hosts. */
    public int maxMovesPerCycle(int hosts) {
        long scaled = (long) Math.ceil(movesPerCycleShareOfHosts * Math.max(0, hosts));
        return (int) Math.min(Integer.MAX_VALUE, Math.max(maxMovesPerCycle, scaled));
    }

    public PlanningSettings withMovesPerCycleShareOfHosts(double share) {
        return new PlanningSettings(mode, thresholdUtilisation, horizonSteps, stepSeconds, maxMovesPerCycle,
                maxMovesPerHostPerCycle, minGainUtilisation, evacuationLeadSeconds,
                cycleIntervalSeconds, consolidationBelowUtilisation, weights, share, resourceThresholds);
    }

    /** The same settings at another step length, with one planning cycle per step. */
    public PlanningSettings withStepSeconds(int seconds) {
        return new PlanningSettings(mode, thresholdUtilisation, horizonSteps, seconds, maxMovesPerCycle,
                maxMovesPerHostPerCycle, minGainUtilisation, evacuationLeadSeconds,
                seconds, consolidationBelowUtilisation, weights, movesPerCycleShareOfHosts, resourceThresholds);
    }

    public long horizonSeconds() {
        return (long) horizonSteps * stepSeconds;
    }

    public PlanningSettings withMode(PlanningMode m) {
        return new PlanningSettings(m, thresholdUtilisation, horizonSteps, stepSeconds, maxMovesPerCycle,
                maxMovesPerHostPerCycle, minGainUtilisation, evacuationLeadSeconds,
                cycleIntervalSeconds, consolidationBelowUtilisation, weights, movesPerCycleShareOfHosts,
                resourceThresholds);
    }

    public PlanningSettings withHorizonSteps(int steps) {
        return new PlanningSettings(mode, thresholdUtilisation, steps, stepSeconds, maxMovesPerCycle,
                maxMovesPerHostPerCycle, minGainUtilisation, evacuationLeadSeconds,
                cycleIntervalSeconds, consolidationBelowUtilisation, weights, movesPerCycleShareOfHosts,
                resourceThresholds);
    }

    public PlanningSettings withCaps(int perCycle, int perHostPerCycle) {
        return new PlanningSettings(mode, thresholdUtilisation, horizonSteps, stepSeconds, perCycle,
                perHostPerCycle, minGainUtilisation, evacuationLeadSeconds,
                cycleIntervalSeconds, consolidationBelowUtilisation, weights, movesPerCycleShareOfHosts,
                resourceThresholds);
    }

    /**
     * Another overload threshold. The consolidation limit must stay below it, so it drops to half the threshold
     * when it would not.
     */
    public PlanningSettings withThreshold(double threshold) {
        return new PlanningSettings(mode, threshold, horizonSteps, stepSeconds, maxMovesPerCycle,
                maxMovesPerHostPerCycle, minGainUtilisation, evacuationLeadSeconds, cycleIntervalSeconds,
                Math.min(consolidationBelowUtilisation, threshold / 2), weights, movesPerCycleShareOfHosts,
                resourceThresholds);
    }

    public PlanningSettings withWeights(RankingWeights w) {
        return new PlanningSettings(mode, thresholdUtilisation, horizonSteps, stepSeconds, maxMovesPerCycle,
                maxMovesPerHostPerCycle, minGainUtilisation, evacuationLeadSeconds,
                cycleIntervalSeconds, consolidationBelowUtilisation, w, movesPerCycleShareOfHosts,
                resourceThresholds);
    }
}
