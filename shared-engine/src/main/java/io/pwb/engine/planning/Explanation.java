package io.pwb.engine.planning;

import java.util.List;

/**
 * Why a decision was made, in numbers. Peaks are predicted peak utilisations (0..1) over the horizon from upper
 * forecasts; "before" on the source counts pending outgoing moves as gone.
 *
 * @param summary          one sentence
 * @param forecast         which forecasts (metric, model, quantile) were used for the VM
 * @param sourcePeakBefore source peak before the move
 * @param sourcePeakAfter  source peak after it
 * @param targetPeakBefore target peak before (including reservations)
 * @param targetPeakAfter  target peak after
 * @param migrationSeconds estimated memory copy time
 * @param criteria         each ranking criterion's score on the chosen target
 */
public record Explanation(String summary, String forecast, double sourcePeakBefore, double sourcePeakAfter,
                          double targetPeakBefore, double targetPeakAfter, double migrationSeconds,
                          List<CriterionExplanation> criteria) {
    public Explanation {
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
    }
}
