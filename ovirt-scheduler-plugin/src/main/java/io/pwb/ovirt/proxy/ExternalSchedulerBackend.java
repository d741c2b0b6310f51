package io.pwb.ovirt.proxy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the oVirt external-scheduler units ask of PWB. Implementations must be thread-safe (the engine calls from
 * many threads) and fail open: a VM or host PWB knows nothing about passes every filter and gets a neutral score.
 */
public interface ExternalSchedulerBackend {

    /** Neutral score on the 0..100 scale, for hosts PWB has no opinion about. */
    int NEUTRAL_SCORE = 50;

    /** The hosts among {@code hostIds} on which {@code vmId} may run, in the given order. */
    List<String> filter(String vmId, List<String> hostIds, PolicyProperties properties);

    /** A score per host, 0..100, lower is better; every host in {@code hostIds} gets one. */
    Map<String, Integer> score(String vmId, List<String> hostIds, PolicyProperties properties);

    /**
     * At most one VM to move away from one of {@code hostIds}, with ranked candidate targets. Proposing a move
     * reserves its shadow on the best candidate at that moment. Calls may be serialised; a call interrupted while
     * waiting for another throws {@link java.util.concurrent.CancellationException} and reserves nothing.
     */
    Optional<BalanceProposal> balance(List<String> hostIds, PolicyProperties properties);

    /** A VM the engine should migrate, with the hosts it may go to, best first. */
    record BalanceProposal(String vmId, List<String> candidateHostIds) {
        public BalanceProposal {
            if (vmId == null || vmId.isBlank()) {
                throw new IllegalArgumentException("a balance proposal needs a VM id");
            }
            if (candidateHostIds == null || candidateHostIds.isEmpty()) {
                throw new IllegalArgumentException("a balance proposal needs at least one candidate host");
            }
            candidateHostIds = List.copyOf(candidateHostIds);
        }
    }
}
