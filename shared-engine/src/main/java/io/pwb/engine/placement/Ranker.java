package io.pwb.engine.placement;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.RankingWeights;
import io.pwb.engine.model.Vm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Weighted sum of normalised criteria, lower is better (the oVirt convention). Each criterion's raw values are
 * divided by the highest raw value among the candidates, so a criterion on which all hosts are equal adds
 * nothing and proportions survive (unlike min-max scaling, which would inflate tiny differences).
 */
public final class Ranker {

    private final RankingCriterion[] criteria;
    private final double[] weights;

    public Ranker(List<RankingCriterion> criteria, double[] weights) {
        if (criteria.size() != weights.length) {
            throw new IllegalArgumentException("one weight per criterion: " + criteria.size() + " criteria, "
                    + weights.length + " weights");
        }
        for (double w : weights) {
            if (!Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("weights must be finite and non-negative: "
                        + Arrays.toString(weights));
            }
        }
        this.criteria = criteria.toArray(new RankingCriterion[0]);
        this.weights = weights.clone();
    }

    /** Energy, licence, dependency disruption, headroom and migration cost with the given weights. */
    public static Ranker standard(RankingWeights w) {
        return new Ranker(List.of(new EnergyCostCriterion(), new LicenceCostCriterion(),
                new DependencyDisruptionCriterion(), new HeadroomCriterion(), new MigrationCostCriterion()),
                new double[]{w.energyCost(), w.licenceCost(), w.dependencyDisruption(), w.headroom(),
                        w.migrationCost()});
    }

    /** Ranks the given host indexes (all assumed to have passed the filters), best first. */
    public List<RankedHost> rank(PlacementContext ctx, Vm vm, VmDemand demand, int[] hosts, int count) {
        int c = criteria.length;
        double[][] raw = new double[c][count];
        double[] max = new double[c];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < count; i++) {
                double v = weights[k] == 0 ? 0 : criteria[k].raw(ctx, vm, demand, hosts[i]);
                if (!Double.isFinite(v) || v < 0) {
                    v = Double.isNaN(v) || v > 0 ? Double.MAX_VALUE : 0; // a broken value must never win
                }
                raw[k][i] = v;
                max[k] = Math.max(max[k], v);
            }
        }
        List<RankedHost> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            CriterionScore[] scores = new CriterionScore[c];
            double total = 0;
            for (int k = 0; k < c; k++) {
                double norm = max[k] > 0 ? raw[k][i] / max[k] : 0;
                scores[k] = new CriterionScore(criteria[k], raw[k][i], norm, weights[k]);
                total += norm * weights[k];
            }
            out.add(new RankedHost(ctx.projection().host(hosts[i]), hosts[i], total, List.of(scores)));
        }
        // Ties go to the host listed first, so results are deterministic.
        out.sort(Comparator.comparingDouble(RankedHost::total).thenComparingInt(RankedHost::hostIndex));
        return out;
    }
}
