package io.pwb.service.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** Shadows and every one of their transitions; the ledger is restored from here after a restart. */
@ApplicationScoped
public class ShadowStore {
    private final Database database;

    public ShadowStore(Database database) {
        this.database = database;
    }

    /**
     * Records one transition and the shadow's new state in one transaction.
     * {@code fromState} is null when the shadow is created.
     */
    @Transactional
    public void transition(ShadowEntity current, String fromState, String reason, long atMs) {
        var session = database.session();
        ShadowEntity stored = session.find(ShadowEntity.class, current.id);
        if (stored == null) {
            session.persist(current);
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
        t.reason = reason == null ? null : reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        session.persist(t);
    }

    @Transactional
    public List<ShadowEntity> list(String clusterId, String state, int limit) {
        String q = "from ShadowEntity where clusterId = :c" + (state == null ? "" : " and state = :s") + " order by createdAtMs desc, id";
        var query = database.session().createSelectionQuery(q, ShadowEntity.class).setParameter("c", clusterId);
        if (state != null) {
            query.setParameter("s", state);
        }
        return query.setMaxResults(limit).getResultList();
    }

    /** Shadows not yet in a final state, oldest first: what the ledger resumes with. */
    @Transactional
    public List<ShadowEntity> open(String clusterId, List<String> finalStates) {
        return database.session().createSelectionQuery(
                        "from ShadowEntity where clusterId = :c and state not in :f order by createdAtMs, id", ShadowEntity.class)
                .setParameter("c", clusterId).setParameter("f", finalStates).getResultList();
    }

    /** Open shadows of every cluster, plus those closed within the last day (their cool-downs still matter). */
    @Transactional
    public List<ShadowEntity> openInAnyCluster(List<String> finalStates) {
        Long newest = database.session().createSelectionQuery("select max(updatedAtMs) from ShadowEntity", Long.class)
                .getSingleResult();
        long recent = newest == null ? 0 : newest - 24L * 3600 * 1000;
        return database.session().createSelectionQuery(
                        "from ShadowEntity where state not in :f or updatedAtMs >= :r order by createdAtMs, id", ShadowEntity.class)
                .setParameter("f", finalStates).setParameter("r", recent).getResultList();
    }

    @Transactional
    public Optional<ShadowEntity> find(String id) {
        return Optional.ofNullable(database.session().find(ShadowEntity.class, id));
    }

    @Transactional
    public List<ShadowTransitionEntity> history(String shadowId) {
        return database.session().createSelectionQuery(
                        "from ShadowTransitionEntity where shadowId = :s order by id", ShadowTransitionEntity.class)
                .setParameter("s", shadowId).getResultList();
    }

    @Transactional
    public List<Object[]> countByState(String clusterId) {
        return database.session().createSelectionQuery(
                        "select state, count(*) from ShadowEntity where clusterId = :c group by state", Object[].class)
                .setParameter("c", clusterId).getResultList();
    }
}
