package io.pwb.openstack.collector;

import java.util.Locale;

/** Where the collector reads instance and host metrics from. */
public enum MetricsSource {
    /** Gnocchi's REST API, found in the Keystone catalog (service type {@code metric}). */
    GNOCCHI,
    /** A Prometheus server's HTTP API (node_exporter and Ceilometer's Prometheus metrics). */
    PROMETHEUS;

    /** {@code gnocchi} or {@code prometheus}, case-insensitive; anything else is a configuration error. */
    public static MetricsSource fromKey(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "gnocchi" -> GNOCCHI;
            case "prometheus" -> PROMETHEUS;
            default -> throw new IllegalArgumentException(
                    "pwb.openstack.metrics-source must be gnocchi or prometheus, got '" + key + "'");
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
