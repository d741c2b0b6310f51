package io.pwb.openstack.collector;

import io.pwb.engine.runtime.SecretFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How PWB reaches an OpenStack cloud. The password is read from a file at use, never held in configuration
 * text and never logged.
 *
 * @param authUrl            Keystone v3 URL, e.g. {@code https://keystone.example:5000/v3}
 * @param region             catalog region to use, or null for the first endpoint of each service
 * @param endpointInterface  which catalog endpoints to call (public by default; most deployments want internal)
 * @param caFile             PEM CA bundle for TLS, or null for the JVM's trust store
 * @param novaMicroversion   compute microversion of every Nova call, {@code 2.<n>} with n at least 53 (default 2.56
 *                           like Watcher: UUID hypervisor ids, embedded flavors)
 * @param historyWindow      how much metric history to read from Gnocchi or Prometheus per cycle
 * @param granularitySeconds spacing of the metric values read (Gnocchi granularity, Prometheus step)
 * @param requestTimeout     per HTTP request
 * @param backOffInitial     first wait after a failed cycle; doubles up to {@code backOffMax}
 * @param metricsSource      Gnocchi (default) or Prometheus
 * @param prometheus         how to reach Prometheus; required when {@code metricsSource} is PROMETHEUS
 */
public record OpenStackSettings(String authUrl, String username, String userDomain, String projectName,
                                String projectDomain, Path passwordFile, String region,
                                EndpointInterface endpointInterface, Path caFile, String novaMicroversion,
                                Duration historyWindow, int granularitySeconds, Duration requestTimeout,
                                Duration backOffInitial, Duration backOffMax, MetricsSource metricsSource,
                                PrometheusSettings prometheus) {

    /** Prometheus refuses range queries of more points than this per series. */
    static final long PROMETHEUS_MAX_POINTS = 11_000;

    /** Public endpoints, metrics from Gnocchi. */
    public OpenStackSettings(String authUrl, String username, String userDomain, String projectName,
                             String projectDomain, Path passwordFile, String region, Path caFile,
                             String novaMicroversion, Duration historyWindow, int granularitySeconds,
                             Duration requestTimeout, Duration backOffInitial, Duration backOffMax) {
        this(authUrl, username, userDomain, projectName, projectDomain, passwordFile, region, EndpointInterface.PUBLIC,
                caFile, novaMicroversion, historyWindow, granularitySeconds, requestTimeout, backOffInitial,
                backOffMax, MetricsSource.GNOCCHI, null);
    }

    /** The same cloud, with metrics from Prometheus. */
    public OpenStackSettings withPrometheus(PrometheusSettings settings) {
        return new OpenStackSettings(authUrl, username, userDomain, projectName, projectDomain, passwordFile, region,
                endpointInterface, caFile, novaMicroversion, historyWindow, granularitySeconds, requestTimeout,
                backOffInitial, backOffMax, MetricsSource.PROMETHEUS, settings);
    }

    /** The same cloud, through the catalog's endpoints of that interface. */
    public OpenStackSettings withInterface(EndpointInterface iface) {
        return new OpenStackSettings(authUrl, username, userDomain, projectName, projectDomain, passwordFile, region,
                iface, caFile, novaMicroversion, historyWindow, granularitySeconds, requestTimeout, backOffInitial,
                backOffMax, metricsSource, prometheus);
    }

    public OpenStackSettings {
        Objects.requireNonNull(authUrl, "authUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(passwordFile, "passwordFile");
        userDomain = userDomain == null ? "Default" : userDomain;
        projectDomain = projectDomain == null ? "Default" : projectDomain;
        endpointInterface = endpointInterface == null ? EndpointInterface.PUBLIC : endpointInterface;
        novaMicroversion = NovaMicroversion.parse(novaMicroversion == null ? "2.56" : novaMicroversion).toString();
        historyWindow = historyWindow == null ? Duration.ofHours(24) : historyWindow;
        granularitySeconds = granularitySeconds <= 0 ? 300 : granularitySeconds;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        backOffInitial = backOffInitial == null ? Duration.ofSeconds(30) : backOffInitial;
        backOffMax = backOffMax == null ? Duration.ofMinutes(15) : backOffMax;
        metricsSource = metricsSource == null ? MetricsSource.GNOCCHI : metricsSource;
        if (metricsSource == MetricsSource.PROMETHEUS) {
            if (prometheus == null) {
                throw new IllegalArgumentException("metrics from Prometheus need pwb.openstack.prometheus.url");
            }
            if (historyWindow.toSeconds() / granularitySeconds > PROMETHEUS_MAX_POINTS) {
                throw new IllegalArgumentException("a history window of " + historyWindow + " at " + granularitySeconds
                        + " s is more than the " + PROMETHEUS_MAX_POINTS + " points per series Prometheus answers");
            }
        }
    }

    /** The first line of the password file; a missing or empty file is a configuration error. */
    String password() {
        return SecretFile.requiredFirstLine(passwordFile, "OpenStack password");
    }

    NovaMicroversion nova() {
        return NovaMicroversion.parse(novaMicroversion);
    }

    Optional<Path> ca() {
        return Optional.ofNullable(caFile);
    }
}
