package io.pwb.service.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Throttles the warnings about dropped samples of unknown hosts: per cluster the first drop warns at once, later ones
 * are summed (samples and host ids) into the next warning, which comes once the interval since the last one passed.
 */
final class UnknownHostWarnings {
    /** Host ids named in one warning at most (the count says how many samples there were). */
    static final int MAX_HOST_IDS = 20;

    /**
     * One warning to log.
     *
     * @param first true for a cluster's first warning (nothing was held back before it)
     */
    record Warning(long samples, SortedSet<String> hostIds, boolean first) {
    }

    private static final class Held {
        long lastWarnedMs;
        long samples;
        final SortedSet<String> hostIds = new TreeSet<>();
    }

    private final long intervalMs;
    private final Map<String, Held> held = new HashMap<>();

    UnknownHostWarnings(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    long intervalMs() {
        return intervalMs;
    }

    /** Notes dropped samples at {@code nowMs}; returns the warning to log now, if one is due. */
    synchronized Optional<Warning> add(UnknownHosts.Found found, long nowMs) {
        Held h = held.get(found.clusterId());
        boolean first = h == null;
        if (first) {
            h = new Held();
            held.put(found.clusterId(), h);
        }
        h.samples += found.samples();
        for (String id : found.hostIds()) {
            if (h.hostIds.size() < MAX_HOST_IDS) {
                h.hostIds.add(id);
            }
        }
        if (!first && nowMs - h.lastWarnedMs < intervalMs) {
            return Optional.empty();
        }
        Warning w = new Warning(h.samples, new TreeSet<>(h.hostIds), first);
        h.lastWarnedMs = nowMs;
        h.samples = 0;
        h.hostIds.clear();
        return Optional.of(w);
    }
}
