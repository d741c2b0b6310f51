package io.pwb.engine.model;

/** Weights of the ranking criteria (each criterion's score is normalised to 0..1 before weighting). */
public record RankingWeights(double energyCost, double licenceCost, double dependencyDisruption, double headroom,
                             double migrationCost) {

    public static final RankingWeights DEFAULT = new RankingWeights(1, 1, 2, 2, 1);

    public RankingWeights {
        Checks.nonNegative("energyCost weight", energyCost);
        Checks.nonNegative("licenceCost weight", licenceCost);
        Checks.nonNegative("dependencyDisruption weight", dependencyDisruption);
        Checks.nonNegative("headroom weight", headroom);
        Checks.nonNegative("migrationCost weight", migrationCost);
    }
}
