package io.pwb.service.store;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** Shadows and every one of their transitions; a replica taking a cluster over restores its ledger from here. */
@ApplicationScoped
public class ShadowStore {
    private static final int MAX_REASON_CHARS = 1000;

    /**
     * Records one transition and the shadow's new state in one transaction.
     * {@code fromState} is null when the shadow is created.
     */
    @Transactional
    public void transition(ShadowEntity current, String fromState, String reason, long atMs) {
        ShadowEntity stored = ShadowEntity.findById(current.id);
        if (stored == null) {
            current.persist();
        } else {
            stored.state = current.state;
            stored.updatedAtMs = current.updatedAtMs;
            stored.targetHostId = current.targetHostId;
            stored.sourceHostId = current.sourceHostId;
            stored.detailJson = current.detailJson;
        }
        ShadowTransitionEntity t = new ShadowTransitionEntity();
        t.shadowId = current.id;
        t.clusterId = current.clusterId;
        t.fromState = fromState;
        t.toState = current.state;
        t.atMs = atMs;
        t.reason = reason == null || reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS);
        t.persist();
    }

    @Transactional
    public List<ShadowEntity> list(String clusterId, String state, int limit) {
        Sort newestFirst = Sort.descending("createdAtMs").and("id");
        var query = state == null
                ? ShadowEntity.<ShadowEntity>find("clusterId", newestFirst, clusterId)
                : ShadowEntity.<ShadowEntity>find("clusterId = ?1 and state = ?2", newestFirst, clusterId, state);
        return query.range(0, limit - 1).list();
    }

    /** One cluster's shadows that are open or changed since {@code sinceMs}, oldest first (what a take-over adopts). */
    @Transactional
    public List<ShadowEntity> openOrRecent(String clusterId, List<String> finalStates, long sinceMs) {
        return ShadowEntity.list("clusterId = :c and (state not in :f or updatedAtMs >= :r)",
                Sort.by("createdAtMs").and("id"),
                Parameters.with("c", clusterId).and("f", finalStates).and("r", sinceMs));
    }

    @Transactional
    public Optional<ShadowEntity> find(String id) {
        return ShadowEntity.findByIdOptional(id);
    }

    @Transactional
    public List<ShadowTransitionEntity> history(String shadowId) {
        return ShadowTransitionEntity.list("shadowId", Sort.by("id"), shadowId);
    }
}
