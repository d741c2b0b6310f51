package io.pwb.openstack.collector;

import io.pwb.engine.runtime.SecretFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How PWB reads metrics from Prometheus instead of Gnocchi, with the series OpenStack deployments expose and
 * Watcher's Prometheus datasource reads: node_exporter for hosts (hosts found by a label holding their FQDN),
 * Ceilometer's Prometheus metrics for instances (found by a label holding the instance UUID).
 *
 * @param url                 Prometheus base URL, e.g. {@code https://prometheus.example:9090} (API under /api/v1)
 * @param tokenFile           file whose first line is a bearer token, or null to send none; never logged
 * @param caFile              PEM CA bundle for Prometheus' TLS, or null for the OpenStack CA file / JVM trust store
 * @param fqdnLabel           node_exporter label holding the host's FQDN (Watcher's {@code fqdn_label}, default fqdn)
 * @param instanceUuidLabel   label holding the instance UUID (Watcher's {@code instance_uuid_label}, default resource)
 * @param instanceCpuMetric   cumulative instance CPU time in nanoseconds (default ceilometer_cpu)
 * @param instanceMemoryMetric instance memory in use in MB (default ceilometer_memory_usage)
 */
public record PrometheusSettings(URI url, Path tokenFile, Path caFile, String fqdnLabel, String instanceUuidLabel,
                                 String instanceCpuMetric, String instanceMemoryMetric) {

    /** Prometheus label and metric names (the quoting-free subset PromQL accepts unquoted). */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    public PrometheusSettings {
        Objects.requireNonNull(url, "the Prometheus URL");
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new IllegalArgumentException("the Prometheus URL must be http(s)://host[:port][/path], got " + url);
        }
        fqdnLabel = name(fqdnLabel, "fqdn", NAME, "fqdn label");
        instanceUuidLabel = name(instanceUuidLabel, "resource", NAME, "instance UUID label");
        instanceCpuMetric = name(instanceCpuMetric, "ceilometer_cpu", METRIC, "instance CPU metric");
        instanceMemoryMetric = name(instanceMemoryMetric, "ceilometer_memory_usage", METRIC, "instance memory metric");
    }

    /** Watcher's defaults: labels fqdn and resource, Ceilometer's metric names. */
    public static PrometheusSettings defaults(URI url) {
        return new PrometheusSettings(url, null, null, null, null, null, null);
    }

    private static String name(String value, String fallback, Pattern pattern, String what) {
        String v = value == null || value.isBlank() ? fallback : value.strip();
        if (!pattern.matcher(v).matches()) {
            throw new IllegalArgumentException("the Prometheus " + what + " '" + v + "' is not a valid name");
        }
        return v;
    }

    /** The bearer token, read at use so that a rotated file is picked up; empty without a token file. */
    Optional<String> token() {
        return tokenFile == null ? Optional.empty()
                : Optional.of(SecretFile.requiredFirstLine(tokenFile, "Prometheus bearer token"));
    }
}
