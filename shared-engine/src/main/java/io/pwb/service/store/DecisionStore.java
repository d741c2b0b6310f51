package io.pwb.service.store;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.hibernate.query.NativeQuery;

import java.util.List;
import java.util.Optional;

/** Planning decisions with their explanations. */
@ApplicationScoped
public class DecisionStore {
    /*
     * A decision may come again with the same id: the planner repeats a pending move-back ("move-back-" + shadow id)
     * every cycle until the platform acts, and two replicas or the oVirt balance unit and the planning loop may record
     * at once. ON CONFLICT DO NOTHING (H2 accepts it in PostgreSQL mode) keeps the first record and, unlike a
     * look-up before the insert, cannot race; a key violation would abort the caller's whole transaction.
     */
    private static final String INSERT = "INSERT INTO decisions (id, cluster_id, created_at_ms, vm_id, source_host_id, "
            + "target_host_id, mode, acted, summary, explanation_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
            + "ON CONFLICT DO NOTHING";

    /**
     * Stores a decision unless one with its id is stored already (then nothing changes: the first record stays).
     *
     * @return true when the decision was new
     */
    @Transactional
    public boolean save(DecisionEntity d) {
        // typed parameters: a null host id must bind as VARCHAR, not as an untyped null PostgreSQL cannot place
        NativeQuery<?> insert = DecisionEntity.getEntityManager().createNativeQuery(INSERT).unwrap(NativeQuery.class);
        return insert.setParameter(1, d.id, String.class).setParameter(2, d.clusterId, String.class)
                .setParameter(3, d.createdAtMs, Long.class).setParameter(4, d.vmId, String.class)
                .setParameter(5, d.sourceHostId, String.class).setParameter(6, d.targetHostId, String.class)
                .setParameter(7, d.mode, String.class).setParameter(8, d.acted, Boolean.class)
                .setParameter(9, d.summary, String.class).setParameter(10, d.explanationJson, String.class)
                .executeUpdate() == 1;
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
