package io.pwb.openstack.quarkus;

import io.pwb.openstack.collector.EndpointInterface;
import io.pwb.openstack.collector.MetricsSource;
import io.pwb.openstack.collector.OpenStackSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pwb.openstack.*} into the collector's settings: Gnocchi or Prometheus, and clear errors for bad values. */
class OpenStackSettingsFromConfigTest {

    /** The configuration with the mapping's defaults, and the values a test changes. */
    record Config(String metricsSource, Optional<String> prometheusUrl, String fqdnLabel, Duration historyWindow,
                  String endpointInterface) implements OpenStackConfig {

        static Config of(String metricsSource, String prometheusUrl) {
            return new Config(metricsSource, Optional.ofNullable(prometheusUrl), "fqdn", Duration.ofHours(24),
                    "public");
        }

        static Config withInterface(String endpointInterface) {
            return new Config("gnocchi", Optional.empty(), "fqdn", Duration.ofHours(24), endpointInterface);
        }

        @Override public Optional<String> authUrl() { return Optional.of("https://keystone.example:5000/v3"); }
        @Override public String username() { return "pwb"; }
        @Override public String userDomain() { return "Default"; }
        @Override public String project() { return "admin"; }
        @Override public String projectDomain() { return "Default"; }
        @Override public Optional<Path> passwordFile() { return Optional.of(Path.of("/etc/pwb/openstack-password")); }
        @Override public Optional<String> region() { return Optional.empty(); }
        @Override public Optional<Path> caFile() { return Optional.empty(); }
        @Override public String novaMicroversion() { return "2.56"; }
        @Override public int granularitySeconds() { return 300; }
        @Override public Duration timeout() { return Duration.ofSeconds(30); }
        @Override public Duration pollInterval() { return Duration.ofMinutes(5); }
        @Override public Duration backoffInitial() { return Duration.ofSeconds(30); }
        @Override public Duration backoffMax() { return Duration.ofMinutes(15); }
        @Override public double thresholdPercent() { return 70; }

        @Override
        public Prometheus prometheus() {
            return new Prometheus() {
                @Override public Optional<String> url() { return prometheusUrl; }
                @Override public Optional<Path> tokenFile() { return Optional.of(Path.of("/etc/pwb/prometheus-token")); }
                @Override public Optional<Path> caFile() { return Optional.empty(); }
                @Override public String fqdnLabel() { return fqdnLabel; }
                @Override public String instanceUuidLabel() { return "resource"; }
                @Override public String instanceCpuMetric() { return "ceilometer_cpu"; }
                @Override public String instanceMemoryMetric() { return "ceilometer_memory_usage"; }
            };
        }
    }

    @Test
    void gnocchiIsTheDefaultAndNeedsNoPrometheus() {
        OpenStackSettings s = OpenStackLifecycle.settings(Config.of("gnocchi", null));
        assertEquals(MetricsSource.GNOCCHI, s.metricsSource());
        assertNull(s.prometheus());
    }

    @Test
    void theCatalogInterfaceIsPublicByDefaultAndMayBeInternalOrAdmin() {
        assertEquals(EndpointInterface.PUBLIC, OpenStackLifecycle.settings(Config.of("gnocchi", null))
                .endpointInterface());
        assertEquals(EndpointInterface.INTERNAL, OpenStackLifecycle.settings(Config.withInterface(" Internal "))
                .endpointInterface());
        OpenStackSettings admin = OpenStackLifecycle.settings(new Config("prometheus",
                Optional.of("https://prom.example:9090"), "fqdn", Duration.ofHours(24), "admin"));
        assertEquals(EndpointInterface.ADMIN, admin.endpointInterface(), "kept with metrics from Prometheus");
    }

    @Test
    void prometheusTakesItsUrlLabelsAndTokenFile() {
        OpenStackSettings s = OpenStackLifecycle.settings(Config.of(" Prometheus ", "https://prom.example:9090/ "));
        assertEquals(MetricsSource.PROMETHEUS, s.metricsSource());
        assertEquals(URI.create("https://prom.example:9090/"), s.prometheus().url());
        assertEquals("fqdn", s.prometheus().fqdnLabel());
        assertEquals("resource", s.prometheus().instanceUuidLabel());
        assertEquals(Path.of("/etc/pwb/prometheus-token"), s.prometheus().tokenFile());
    }

    @Test
    void badValuesAreClearErrors() {
        assertMessage("must be gnocchi or prometheus, got 'influx'", Config.of("influx", null));
        assertMessage("needs pwb.openstack.prometheus.url", Config.of("prometheus", null));
        assertMessage("must be http(s)://host", Config.of("prometheus", "ftp://prom.example"));
        assertMessage("is not a URL", Config.of("prometheus", "http://prom example"));
        assertMessage("'fq-dn' is not a valid name", new Config("prometheus", Optional.of("http://prom:9090"),
                "fq-dn", Duration.ofHours(24), "public"));
        assertMessage("11000 points per series", new Config("prometheus", Optional.of("http://prom:9090"), "fqdn",
                Duration.ofDays(60), "public"));
        assertMessage("pwb.openstack.interface must be public, internal or admin, got 'internalURL'",
                Config.withInterface("internalURL"));
    }

    private static void assertMessage(String part, Config config) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenStackLifecycle.settings(config));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
