package io.pwb.service.ingest;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Kafka partition each cluster's samples arrive on, and which partitions the consumer group currently assigns
 * to this replica. A cluster fed through Kafka is owned by the replica holding its partition: when a rebalance
 * takes the partition away, the cluster stops being planned here at once (its shadows are left to the new owner,
 * which restores them from the database), even while a batch of its samples is still being stored.
 */
@ApplicationScoped
@Default // injected plainly by the planning loop and the consumer
@Identifier(ClusterPartitions.NAME) // found by name by the Kafka connector
public class ClusterPartitions implements KafkaConsumerRebalanceListener {
    /** Referenced by {@code mp.messaging.incoming.samples.consumer-rebalance-listener.name}. */
    public static final String NAME = "pwb-samples-rebalance";
    private static final Logger LOG = Logger.getLogger(ClusterPartitions.class);

    private final Map<String, TopicPartition> partitionOfCluster = new ConcurrentHashMap<>();
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    /** A sample of the cluster arrived on this partition. */
    public void seen(String clusterId, String topic, int partition) {
        TopicPartition known = partitionOfCluster.get(clusterId);
        if (known == null || known.partition() != partition || !known.topic().equals(topic)) {
            partitionOfCluster.put(clusterId, new TopicPartition(topic, partition));
        }
    }

    /** Whether this replica holds the cluster's partition now; empty for a cluster never received through Kafka. */
    public Optional<Boolean> holds(String clusterId) {
        TopicPartition p = partitionOfCluster.get(clusterId);
        return p == null ? Optional.empty() : Optional.of(assigned.contains(p));
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.addAll(partitions);
        LOG.debugf("partitions assigned to this replica: %s", partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
        LOG.debugf("partitions taken from this replica: %s", partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }
}
