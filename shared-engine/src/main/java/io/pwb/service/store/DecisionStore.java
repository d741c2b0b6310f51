package io.pwb.service.store;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** Planning decisions with their explanations. */
@ApplicationScoped
public class DecisionStore {
    @Transactional
    public void save(DecisionEntity decision) {
        decision.persist();
    }

    @Transactional
    public List<DecisionEntity> recent(String clusterId, int limit) {
        return DecisionEntity.<DecisionEntity>find("clusterId", Sort.descending("createdAtMs").and("id"), clusterId)
                .range(0, limit - 1).list();
    }

    @Transactional
    public Optional<DecisionEntity> find(String id) {
        return DecisionEntity.findByIdOptional(id);
    }
}
