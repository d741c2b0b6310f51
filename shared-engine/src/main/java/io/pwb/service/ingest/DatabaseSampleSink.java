package io.pwb.service.ingest;

import io.pwb.engine.runtime.SampleSink;
import io.pwb.service.planning.PlanningLoop;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The service's {@link SampleSink} for platform collectors: their samples are stored through the same ingestion
 * path as REST and Kafka samples (validated, counted, written in batches, duplicates ignored), so a restart warms
 * the forecasters up from them. A database failure is logged and the collection goes on (the engine already has the
 * samples in memory).
 */
@ApplicationScoped
public class DatabaseSampleSink implements SampleSink {
    private static final Logger LOG = Logger.getLogger(DatabaseSampleSink.class);

    private final SampleIngestor ingestor;
    private final PlanningLoop planning;

    public DatabaseSampleSink(SampleIngestor ingestor, PlanningLoop planning) {
        this.ingestor = ingestor;
        this.planning = planning;
    }

    @Override
    public void store(List<Collected> samples) {
        List<SampleMessage> valid = new ArrayList<>(samples.size());
        // The collector's adapter plans these clusters against its own inventory; the service's planning loop must
        // neither plan them from the database's inventory nor hand their shadows over on a Kafka rebalance.
        samples.stream().map(Collected::clusterId).filter(id -> id != null && !id.isBlank()).distinct()
                .forEach(planning::selfDriven);
        for (Collected c : samples) {
            if (c.clusterId() == null || c.clusterId().isBlank() || c.entityId() == null || c.entityId().isBlank()
                    || c.at() == null || !SampleMessage.storableValue(c.value())) {
                continue; // SampleParser's rule: such a value is never stored
            }
            valid.add(new SampleMessage(c.clusterId(), c.kind(), c.entityId(), c.metric(), c.at().toEpochMilli(),
                    c.value(), c.vmHostId()));
        }
        if (valid.size() < samples.size()) {
            ingestor.countRejected(samples.size() - valid.size());
        }
        try {
            ingestor.storeCollected(valid);
        } catch (RuntimeException e) {
            LOG.warnf("storing %d collected samples failed; they are used but not kept: %s", valid.size(), e.getMessage());
        }
    }
}
