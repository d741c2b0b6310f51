package io.pwb.service.ingest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Kafka ingestion: the {@code samples} channel in batch mode (one poll = one database batch). The record
 * key is the cluster id, so that replicas in one consumer group split the clusters between them. A record
 * that cannot be parsed goes to the dead-letter channel with the reason in the {@code pwb-reason} header
 * and the stream continues; offsets are committed only after the batch is in the database.
 * The channel is disabled unless {@code pwb.ingest.kafka-enabled=true}.
 */
@ApplicationScoped
public class KafkaSampleConsumer {
    private static final Logger LOG = Logger.getLogger(KafkaSampleConsumer.class);

    private final SampleIngestor ingestor;
    private final Emitter<String> deadLetters;
    private final ClusterPartitions partitions;
    private final UnknownHosts unknownHosts;

    public KafkaSampleConsumer(SampleIngestor ingestor, @Channel("samples-dlq") Emitter<String> deadLetters,
                               ClusterPartitions partitions, UnknownHosts unknownHosts) {
        this.ingestor = ingestor;
        this.unknownHosts = unknownHosts;
        this.deadLetters = deadLetters;
        this.partitions = partitions;
    }

    @Incoming("samples")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<SampleMessage> valid = new ArrayList<>(batch.getRecords().size());
        long now = System.currentTimeMillis();
        for (KafkaRecord<String, String> record : batch) {
            try {
                List<SampleMessage> parsed = ingestor.parser().parseRecord(record.getPayload(), now);
                for (SampleMessage m : parsed) {
                    partitions.seen(m.clusterId(), record.getTopic(), record.getPartition());
                }
                valid.addAll(parsed);
            } catch (InvalidSampleException e) {
                deadLetter(record, e.getMessage());
            } catch (RuntimeException e) {
                // a parser bug must cost one record, not the channel (a failed batch would stop the consumer)
                LOG.warnf(e, "sample at %s-%d@%d could not be parsed", record.getTopic(), record.getPartition(), offset(record));
                deadLetter(record, "could not be parsed: " + e);
            }
        }
        // samples naming hosts their cluster lacks are dropped (counted, warned about), not dead-lettered: the record
        // is fine, the inventory is behind, and a dead-letter copy per sample would repeat the flood elsewhere
        List<SampleMessage> known = untilDone("checking the hosts of", valid.size(), () -> unknownHosts.dropUnknown(valid));
        untilDone("storing", known.size(), () -> ingestor.store(known));
        return batch.ack();
    }

    /**
     * A database failure is not the message's fault: retry with back-off (holding the partition, so nothing is
     * lost or skipped) instead of failing the stream or dead-lettering good samples.
     */
    private static <T> T untilDone(String what, int samples, java.util.function.Supplier<T> step) {
        long backoffMs = 500;
        while (true) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                LOG.warnf("%s %d samples failed, retrying in %d ms: %s", what, samples, backoffMs, e.getMessage());
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while retrying a sample batch", e);
                }
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    private static long offset(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
    }

    private void deadLetter(KafkaRecord<String, String> record, String reason) {
        LOG.debugf("sample at %s-%d@%d rejected: %s", record.getTopic(), record.getPartition(), offset(record), reason);
        ingestor.countRejected(1);
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.getKey())
                .withHeaders(List.of(
                        new RecordHeader("pwb-reason", reason.getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader("pwb-source", (record.getTopic() + "-" + record.getPartition() + "@" + offset(record))
                                .getBytes(StandardCharsets.UTF_8))))
                .build();
        deadLetters.send(Message.of(record.getPayload() == null ? "" : record.getPayload()).addMetadata(meta));
    }
}
