package io.pwb.ovirt.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code pwb.ovirt.engine.*}: the oVirt engine PWB collects from. Unset URL = no collection. */
@ConfigMapping(prefix = "pwb.ovirt.engine")
public interface OvirtEngineConfig {

    /** {@code https://engine.example.com/ovirt-engine/api}. */
    Optional<URI> url();

    /** A read-only user is enough, e.g. {@code pwb@internal}. */
    @WithDefault("admin@internal")
    String user();

    /** File holding the password (one line, readable only by PWB). */
    Optional<Path> passwordFile();

    /** Trust store (JKS or PKCS12) with the engine's CA ({@code /etc/pki/ovirt-engine/ca.pem} imported). */
    Optional<Path> trustStore();

    /** File holding the trust store's password, if it has one (keytool's PKCS12 stores need it). */
    Optional<Path> trustStorePasswordFile();

    /** PEM file with the engine's CA ({@code /etc/pki/ovirt-engine/ca.pem}), instead of a trust store. */
    Optional<Path> caFile();

    /** Per request: to connect, to complete the TLS handshake, and between two reads of an answer. */
    @WithDefault("30s")
    Duration timeout();

    /** For a whole collection (every request of one cycle); a longer one is abandoned and its connection dropped. */
    @WithDefault("5m")
    Duration collectionTimeout();

    /** Time between collections. */
    @WithDefault("60s")
    Duration pollInterval();

    /** Also read per-NIC and per-disk statistics (more requests per VM). */
    @WithDefault("true")
    boolean deviceStatistics();

    /** First wait after a failed collection; doubles up to {@link #backoffMax()}. */
    @WithDefault("15s")
    Duration backoffInitial();

    @WithDefault("10m")
    Duration backoffMax();
}
