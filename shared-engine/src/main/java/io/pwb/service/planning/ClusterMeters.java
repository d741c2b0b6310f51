package io.pwb.service.planning;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pwb.service.store.ClusterSettingsStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The per-cluster counters. Each is registered (at zero) as soon as the cluster exists, not at its first increment,
 * so that {@code rate()} and {@code absent()} alerts see every cluster from the start.
 */
@ApplicationScoped
public class ClusterMeters {
    private static final Logger LOG = Logger.getLogger(ClusterMeters.class);

    private final MeterRegistry meters;

    public ClusterMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void registerKnownClusters(@Observes StartupEvent start, ClusterSettingsStore clusters) {
        try {
            clusters.all().forEach(c -> register(c.clusterId));
        } catch (RuntimeException e) {
            LOG.warnf("per-cluster counters are registered as clusters are next seen: %s", e.getMessage());
        }
    }

    /** Registers the cluster's counters; idempotent (Micrometer returns the existing meter). */
    public void register(String clusterId) {
        rollbacks(clusterId);
        planningFailures(clusterId);
        samplesOfUnknownHosts(clusterId);
    }

    public Counter rollbacks(String clusterId) {
        return Counter.builder("pwb.shadows.rollbacks").description("shadows rolled back").tag("cluster", clusterId)
                .register(meters);
    }

    public Counter samplesOfUnknownHosts(String clusterId) {
        return Counter.builder("pwb.samples.unknown.host")
                .description("samples naming a host the cluster does not have: refused (REST) or dropped (Kafka)")
                .tag("cluster", clusterId).register(meters);
    }

    public Counter planningFailures(String clusterId) {
        return Counter.builder("pwb.planning.failures").description("planning cycles that failed (the log has why)")
                .tag("cluster", clusterId).register(meters);
    }
}
