package io.pwb.service.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pwb.service.config.PwbConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The one entry point for samples (Kafka, REST, demo): validates, batches and stores them. */
@ApplicationScoped
public class SampleIngestor {
    private final SampleParser parser;
    private final io.pwb.service.planning.EngineService engines;
    private final SampleWriter writer;
    private final int batchSize;
    private final Counter received;
    private final Counter stored;
    private final Counter rejected;

    public SampleIngestor(ObjectMapper mapper, SampleWriter writer, PwbConfig config, MeterRegistry registry,
                          io.pwb.service.planning.EngineService engines) {
        this.engines = engines;
        this.parser = new SampleParser(mapper);
        this.writer = writer;
        this.batchSize = config.ingest().batchSize();
        this.received = Counter.builder("pwb.samples.received").description("samples accepted for storage").register(registry);
        this.stored = Counter.builder("pwb.samples.stored").description("new samples written (duplicates excluded)").register(registry);
        this.rejected = Counter.builder("pwb.samples.rejected").description("invalid samples refused or dead-lettered").register(registry);
    }

    public SampleParser parser() {
        return parser;
    }

    /** Stores valid samples in batches of at most {@code pwb.ingest.batch-size}; returns how many were new. */
    public int store(List<SampleMessage> samples) {
        int inserted = storeCollected(samples);
        engines.offer(samples);
        return inserted;
    }

    /**
     * Stores samples a platform collector already fed to its cluster engine (oVirt, OpenStack): same counters,
     * batches and writer as {@link #store}, without feeding the forecasters a second time or counting the cluster as
     * received through Kafka/REST (the collector, not the planning loop, drives those clusters).
     */
    public int storeCollected(List<SampleMessage> samples) {
        received.increment(samples.size());
        int inserted = 0;
        for (int from = 0; from < samples.size(); from += batchSize) {
            inserted += writer.write(samples.subList(from, Math.min(samples.size(), from + batchSize)));
        }
        stored.increment(inserted);
        return inserted;
    }

    public void countRejected(int n) {
        rejected.increment(n);
    }
}
