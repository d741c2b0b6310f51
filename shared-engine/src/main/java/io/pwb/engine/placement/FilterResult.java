package io.pwb.engine.placement;

import java.util.List;
import java.util.Map;

/**
 * Outcome of filtering candidate hosts for one VM.
 *
 * @param passedHostIds hosts that pass every filter, in candidate order
 * @param rejected      host id -> "filter: reason" for every rejected candidate (unknown hosts included)
 * @param errors        problems with the request itself (unknown VM); when non-empty nothing passes
 */
public record FilterResult(List<String> passedHostIds, Map<String, String> rejected, List<String> errors) {
    public FilterResult {
        passedHostIds = List.copyOf(passedHostIds);
        rejected = Map.copyOf(rejected);
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
