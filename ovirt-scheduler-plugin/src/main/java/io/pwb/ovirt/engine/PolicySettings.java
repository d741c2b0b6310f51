package io.pwb.ovirt.engine;

import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.RankingWeights;
import io.pwb.ovirt.proxy.PolicyProperties;

/**
 * Applies a cluster's oVirt scheduling-policy properties on top of the cluster's PWB settings: a property the
 * administrator set wins, an absent one leaves the cluster's own value (mode, threshold, horizon) in force.
 */
final class PolicySettings {

    private PolicySettings() {
    }

    static PlanningSettings apply(PlanningSettings base, PolicyProperties p) {
        PlanningSettings s = base;
        if (p.highUtilizationPercent().isPresent()) {
            s = s.withThreshold(p.highUtilizationPercent().getAsInt() / 100.0);
        }
        if (p.horizonMinutes().isPresent()) {
            // Forecasts cover the configured horizon; a longer HorizonMinutes cannot see further than they do.
            int steps = (int) Math.min(base.horizonSteps(),
                    Math.max(1, Math.ceil(p.horizonMinutes().getAsInt() * 60.0 / base.stepSeconds())));
            s = s.withHorizonSteps(steps);
        }
        if (p.mode().isPresent()) {
            s = s.withMode(switch (p.mode().get()) {
                case ADVISORY -> PlanningMode.ADVISORY;
                case BALANCE -> PlanningMode.BALANCE;
                case COST -> PlanningMode.COST;
            });
        }
        if (s.mode() == PlanningMode.COST) {
            // Cost mode: energy and licence cost count twice as much when choosing a host.
            RankingWeights w = base.weights();
            s = s.withWeights(new RankingWeights(2 * w.energyCost(), 2 * w.licenceCost(), w.dependencyDisruption(),
                    w.headroom(), w.migrationCost()));
        }
        return s;
    }

    static double weightSum(RankingWeights w) {
        return w.energyCost() + w.licenceCost() + w.dependencyDisruption() + w.headroom() + w.migrationCost();
    }
}
