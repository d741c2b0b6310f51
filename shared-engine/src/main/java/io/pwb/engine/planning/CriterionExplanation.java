package io.pwb.engine.planning;

import io.pwb.engine.placement.CriterionScore;

/** One ranking criterion's verdict on the chosen target, frozen for persistence and display. */
public record CriterionExplanation(String criterion, double raw, double normalised, double weight, String text) {
    public static CriterionExplanation of(CriterionScore s) {
        return new CriterionExplanation(s.name(), s.raw(), s.normalised(), s.weight(), s.explanation());
    }
}
