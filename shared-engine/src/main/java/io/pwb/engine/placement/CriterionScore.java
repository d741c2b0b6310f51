package io.pwb.engine.placement;

/**
 * One criterion's verdict on one host.
 *
 * @param raw        value in the criterion's unit
 * @param normalised 0..1 within this ranking (raw / highest raw among the candidates), lower is better
 * @param weight     configured weight
 */
public record CriterionScore(RankingCriterion criterion, double raw, double normalised, double weight) {

    public String name() {
        return criterion.name();
    }

    public double weighted() {
        return normalised * weight;
    }

    public String explanation() {
        return criterion.explain(raw) + String.format(" (score %.2f x weight %.1f)", normalised, weight);
    }
}
