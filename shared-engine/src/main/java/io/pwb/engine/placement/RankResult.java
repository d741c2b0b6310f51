package io.pwb.engine.placement;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outcome of filtering then ranking candidate hosts for one VM.
 *
 * @param ranked   hosts that passed, best (lowest total) first
 * @param rejected host id -> "filter: reason"
 * @param errors   problems with the request itself (unknown VM)
 */
public record RankResult(List<RankedHost> ranked, Map<String, String> rejected, List<String> errors) {
    public RankResult {
        ranked = List.copyOf(ranked);
        rejected = Map.copyOf(rejected);
        errors = List.copyOf(errors);
    }

    public Optional<RankedHost> best() {
        return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0));
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
