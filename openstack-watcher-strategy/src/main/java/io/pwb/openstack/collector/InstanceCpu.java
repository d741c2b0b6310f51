package io.pwb.openstack.collector;

/**
 * Instance CPU as Watcher reads it: the cumulative CPU-time counter's rate (nanoseconds per second) as % of the
 * instance's own vCPUs, clamped to 0..100 as Watcher's Prometheus datasource does (a counter reset or a scrape gap
 * can push the rate outside).
 */
final class InstanceCpu {

    private InstanceCpu() {
    }

    static double percent(double nanosPerSecond, int vcpus) {
        double p = nanosPerSecond / 1e9 * 100.0 / Math.max(1, vcpus);
        return Math.max(0, Math.min(100, p));
    }
}
