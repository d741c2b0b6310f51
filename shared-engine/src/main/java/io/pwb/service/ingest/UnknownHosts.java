package io.pwb.service.ingest;

import io.pwb.service.config.PwbConfig;
import io.pwb.service.planning.ClusterMeters;
import io.pwb.service.store.InventoryStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Samples naming a host their cluster does not have: a host sample of it, or a VM sample placed on it. Stored, such
 * a sample would place a VM on a host the planner cannot see (the cluster's planning would fail until someone
 * registers the host) or keep a series nobody plans with; so REST refuses the batch (422) and Kafka drops them. Either
 * way they are counted in {@code pwb_samples_unknown_host_total{cluster}}.
 */
@ApplicationScoped
public class UnknownHosts {
    private static final Logger LOG = Logger.getLogger(UnknownHosts.class);

    /** The samples of one cluster that name hosts it does not have, and those hosts. */
    public record Found(String clusterId, SortedSet<String> hostIds, int samples) {
    }

    private final InventoryStore inventory;
    private final ClusterMeters meters;
    private final UnknownHostWarnings warnings;

    public UnknownHosts(InventoryStore inventory, ClusterMeters meters, PwbConfig config) {
        this.inventory = inventory;
        this.meters = meters;
        this.warnings = new UnknownHostWarnings(config.ingest().unknownHostWarningInterval().toMillis());
    }

    /** Per cluster (sorted), the samples naming hosts it does not have; empty when all are known. */
    public List<Found> in(List<SampleMessage> samples) {
        Map<String, Set<String>> known = new HashMap<>(); // one look-up per cluster and call
        Map<String, SortedSet<String>> hosts = new TreeMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (SampleMessage s : samples) {
            if (isUnknown(s, known)) {
                hosts.computeIfAbsent(s.clusterId(), c -> new TreeSet<>()).add(s.namedHostId());
                counts.merge(s.clusterId(), 1, Integer::sum);
            }
        }
        List<Found> found = new ArrayList<>();
        hosts.forEach((cluster, ids) -> found.add(new Found(cluster, Collections.unmodifiableSortedSet(ids),
                counts.get(cluster))));
        return found;
    }

    /** Counts samples refused (REST) or dropped (Kafka) for naming unknown hosts. */
    public void count(List<Found> found) {
        found.forEach(f -> meters.samplesOfUnknownHosts(f.clusterId()).increment(f.samples()));
    }

    /**
     * The samples whose hosts are known (all of them, the same list, when none names an unknown host). The others are
     * dropped and counted, with one warning per cluster at most every {@code pwb.ingest.unknown-host-warning-interval}
     * (a stream of them must not flood the log).
     */
    public List<SampleMessage> dropUnknown(List<SampleMessage> samples) {
        List<Found> found = in(samples);
        if (found.isEmpty()) {
            return samples;
        }
        count(found);
        long now = System.currentTimeMillis();
        Map<String, SortedSet<String>> unknown = new HashMap<>();
        for (Found f : found) {
            unknown.put(f.clusterId(), f.hostIds());
            warnings.add(f, now).ifPresent(w -> LOG.warnf("dropped %d sample(s) of cluster %s from Kafka%s: they name"
                    + " host(s) the cluster does not have: %s. Register them (PUT /api/v1/clusters/%s/hosts/{id});"
                    + " pwb_samples_unknown_host_total counts every dropped sample, this warning comes at most every"
                    + " %d s per cluster", w.samples(), f.clusterId(), w.first() ? "" : " since the last warning",
                    w.hostIds(), f.clusterId(), warnings.intervalMs() / 1000));
        }
        return samples.stream().filter(s -> s.namedHostId() == null
                || !unknown.getOrDefault(s.clusterId(), Collections.emptySortedSet()).contains(s.namedHostId())).toList();
    }

    private boolean isUnknown(SampleMessage s, Map<String, Set<String>> known) {
        String host = s.namedHostId();
        return host != null && !known.computeIfAbsent(s.clusterId(), inventory::hostIds).contains(host);
    }
}
