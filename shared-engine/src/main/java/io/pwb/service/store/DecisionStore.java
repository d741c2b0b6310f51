package io.pwb.service.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** Planning decisions with their explanations. */
@ApplicationScoped
public class DecisionStore {
    private final Database database;

    public DecisionStore(Database database) {
        this.database = database;
    }

    @Transactional
    public void save(DecisionEntity decision) {
        database.session().persist(decision);
    }

    @Transactional
    public List<DecisionEntity> recent(String clusterId, int limit) {
        return database.session().createSelectionQuery(
                        "from DecisionEntity where clusterId = :c order by createdAtMs desc, id", DecisionEntity.class)
                .setParameter("c", clusterId).setMaxResults(limit).getResultList();
    }

    @Transactional
    public Optional<DecisionEntity> find(String id) {
        return Optional.ofNullable(database.session().find(DecisionEntity.class, id));
    }

    @Transactional
    public long count(String clusterId) {
        return database.session().createSelectionQuery("select count(*) from DecisionEntity where clusterId = :c", Long.class)
                .setParameter("c", clusterId).getSingleResult();
    }
}
