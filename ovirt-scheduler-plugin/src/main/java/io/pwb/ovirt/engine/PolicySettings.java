package io.pwb.ovirt.engine;

import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.RankingWeights;
import io.pwb.ovirt.proxy.PolicyProperties;

/** Applies a cluster's oVirt scheduling-policy properties on top of PWB's planning settings. */
final class PolicySettings {

    private PolicySettings() {
    }

    static PlanningSettings apply(PlanningSettings base, PolicyProperties p) {
        double threshold = p.highUtilizationPercent() / 100.0;
        // Forecasts cover the configured horizon; a longer HorizonMinutes cannot see further than they do.
        int steps = (int) Math.min(base.horizonSteps(), Math.max(1, Math.ceil(p.horizonMinutes() * 60.0 / base.stepSeconds())));
        PlanningMode mode = switch (p.mode()) {
            case ADVISORY -> PlanningMode.ADVISORY;
            case BALANCE -> PlanningMode.BALANCE;
            case COST -> PlanningMode.COST;
        };
        RankingWeights w = base.weights();
        if (mode == PlanningMode.COST) {
            // Cost mode: energy and licence cost count twice as much when choosing a host.
            w = new RankingWeights(2 * w.energyCost(), 2 * w.licenceCost(), w.dependencyDisruption(), w.headroom(),
                    w.migrationCost());
        }
        return base.withThreshold(threshold).withMode(mode).withHorizonSteps(steps).withWeights(w);
    }

    static double weightSum(RankingWeights w) {
        return w.energyCost() + w.licenceCost() + w.dependencyDisruption() + w.headroom() + w.migrationCost();
    }
}
