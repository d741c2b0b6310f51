package io.pwb.ovirt.proxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The answer when PWB knows nothing: every host passes, every score is neutral, nothing is moved. */
public final class FailOpenBackend implements ExternalSchedulerBackend {

    @Override
    public List<String> filter(String vmId, List<String> hostIds, PolicyProperties properties) {
        return hostIds;
    }

    @Override
    public Map<String, Integer> score(String vmId, List<String> hostIds, PolicyProperties properties) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        hostIds.forEach(h -> scores.put(h, NEUTRAL_SCORE));
        return scores;
    }

    @Override
    public Optional<BalanceProposal> balance(List<String> hostIds, PolicyProperties properties) {
        return Optional.empty();
    }
}
