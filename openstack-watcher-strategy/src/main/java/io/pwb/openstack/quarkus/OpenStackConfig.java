package io.pwb.openstack.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code pwb.openstack.*}: the OpenStack cloud PWB collects from. Unset auth URL = no collection. */
@ConfigMapping(prefix = "pwb.openstack")
public interface OpenStackConfig {

    /** Keystone v3, e.g. {@code https://keystone.example:5000/v3}. */
    Optional<String> authUrl();

    @WithDefault("pwb")
    String username();

    @WithDefault("Default")
    String userDomain();

    @WithDefault("admin")
    String project();

    @WithDefault("Default")
    String projectDomain();

    /** File holding the password (first line, readable only by PWB). */
    Optional<Path> passwordFile();

    Optional<String> region();

    /** Which catalog endpoints to call: {@code public}, {@code internal} or {@code admin}. */
    @WithName("interface")
    @WithDefault("public")
    String endpointInterface();

    /** PEM CA bundle for the cloud's TLS endpoints. */
    Optional<Path> caFile();

    /** The compute microversion of every Nova call, {@code 2.<n>} with n at least 53. */
    @WithDefault("2.56")
    String novaMicroversion();

    /** How much Gnocchi history each cycle reads. */
    @WithDefault("24h")
    Duration historyWindow();

    @WithDefault("300")
    int granularitySeconds();

    @WithDefault("30s")
    Duration timeout();

    /** Time between collections. */
    @WithDefault("5m")
    Duration pollInterval();

    /** First wait after a failed collection; doubles up to {@link #backoffMax()}. */
    @WithDefault("30s")
    Duration backoffInitial();

    @WithDefault("15m")
    Duration backoffMax();

    /** Host CPU threshold (%) used to judge a shadow's target while verifying it. */
    @WithDefault("70")
    double thresholdPercent();

    /** {@code gnocchi} (found in the Keystone catalog) or {@code prometheus} ({@link #prometheus()}). */
    @WithDefault("gnocchi")
    String metricsSource();

    Prometheus prometheus();

    /** {@code pwb.openstack.prometheus.*}: used when {@code metrics-source=prometheus}. */
    interface Prometheus {

        /** Base URL, e.g. {@code https://prometheus.example:9090}; the API is under {@code /api/v1}. */
        Optional<String> url();

        /** File whose first line is a bearer token sent to Prometheus; unset sends none. */
        Optional<Path> tokenFile();

        /** PEM CA bundle for Prometheus' TLS; unset uses {@code pwb.openstack.ca-file}, then the JVM's. */
        Optional<Path> caFile();

        /** node_exporter label holding each compute host's FQDN (Watcher's [prometheus_client] fqdn_label). */
        @WithDefault("fqdn")
        String fqdnLabel();

        /** Label holding the instance UUID (Watcher's [prometheus_client] instance_uuid_label). */
        @WithDefault("resource")
        String instanceUuidLabel();

        /** Cumulative instance CPU time in nanoseconds. */
        @WithDefault("ceilometer_cpu")
        String instanceCpuMetric();

        /** Instance memory in use, MB. */
        @WithDefault("ceilometer_memory_usage")
        String instanceMemoryMetric();
    }
}
