package io.pwb.engine.placement;

import io.pwb.engine.model.Host;
import java.util.List;

/** A host that passed every filter, with its weighted total (lower is better) and each criterion's score. */
public record RankedHost(Host host, int hostIndex, double total, List<CriterionScore> scores) {
}
