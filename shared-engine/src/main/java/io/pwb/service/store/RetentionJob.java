package io.pwb.service.store;

import io.pwb.service.config.PwbConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Applies the retention tiers: raw samples (default 14 days) rolled up to hourly profiles (default a year). */
@ApplicationScoped
public class RetentionJob {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final SampleStore samples;
    private final PwbConfig config;

    public RetentionJob(SampleStore samples, PwbConfig config) {
        this.samples = samples;
        this.config = config;
    }

    @Scheduled(every = "${pwb.retention.interval}", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        long now = System.currentTimeMillis();
        int rolled = samples.applyRetention(now - config.retention().rawSamples().toMillis(),
                now - config.retention().hourlyProfiles().toMillis());
        if (rolled > 0) {
            LOG.infof("retention: %d raw samples rolled up into hourly profiles", rolled);
        }
    }
}
