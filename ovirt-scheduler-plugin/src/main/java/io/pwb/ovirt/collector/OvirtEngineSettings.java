package io.pwb.ovirt.collector;

import io.pwb.engine.runtime.SecretFile;
import io.pwb.engine.runtime.TrustMaterial;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to reach an oVirt engine. Secrets live in files (readable only by PWB); {@link #toString()} never
 * shows them.
 *
 * @param apiUrl                 e.g. {@code https://engine.example.com/ovirt-engine/api}
 * @param user                   e.g. {@code pwb@internal}
 * @param passwordFile           file holding the password (one line), read when a connection is built
 * @param trustStoreFile         JKS/PKCS12 trust store with the engine's CA certificate
 * @param trustStorePasswordFile optional file with the trust store's password
 * @param caFile                 PEM file with the engine's CA certificate (instead of a trust store)
 * @param timeout                per request: to connect, to complete the TLS handshake, and between two reads
 * @param collectionTimeout      for a whole collection (all its requests); a longer one is abandoned
 */
public record OvirtEngineSettings(URI apiUrl, String user, Path passwordFile, Optional<Path> trustStoreFile,
                                  Optional<Path> trustStorePasswordFile, Optional<Path> caFile, Duration timeout,
                                  Duration collectionTimeout) {

    public OvirtEngineSettings {
        if (apiUrl == null || !"https".equalsIgnoreCase(apiUrl.getScheme())) {
            throw new IllegalArgumentException("the oVirt engine URL must be https://.../ovirt-engine/api, got " + apiUrl);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("an oVirt user is required (e.g. admin@internal)");
        }
        if (passwordFile == null) {
            throw new IllegalArgumentException("an oVirt password file is required");
        }
        if (trustStoreFile.isPresent() && caFile.isPresent()) {
            throw new IllegalArgumentException("set the oVirt engine's CA either as a trust store or as a CA file, not both");
        }
        if (trustStorePasswordFile.isPresent() && trustStoreFile.isEmpty()) {
            throw new IllegalArgumentException("a trust store password file is set but no trust store");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the oVirt request timeout must be positive (and under 24 days), got "
                    + timeout);
        }
        if (collectionTimeout == null || collectionTimeout.isNegative() || collectionTimeout.isZero()) {
            throw new IllegalArgumentException("the oVirt collection timeout must be positive, got " + collectionTimeout);
        }
    }

    String password() throws IOException {
        return SecretFile.read(passwordFile);
    }

    /**
     * What the connection trusts: the CA file, the trust store, or else the JVM's trust store. Read and checked here
     * (a store without certificates, an unreadable file are {@link IllegalStateException}s naming the file).
     *
     * @return empty for the JVM's trust store
     */
    Optional<SSLContext> trust() {
        if (caFile.isPresent()) {
            return Optional.of(TrustMaterial.fromCaFile(caFile.get()));
        }
        if (trustStoreFile.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> password;
        try {
            password = trustStorePasswordFile.isPresent()
                    ? Optional.of(SecretFile.read(trustStorePasswordFile.get())) : Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the trust store password file " + trustStorePasswordFile.get());
        }
        return Optional.of(TrustMaterial.fromTrustStore(trustStoreFile.get(), password));
    }

    @Override
    public String toString() {
        return "OvirtEngineSettings[apiUrl=" + apiUrl + ", user=" + user + ", passwordFile=" + passwordFile
                + ", trustStoreFile=" + trustStoreFile.map(Path::toString).orElse("(none)")
                + ", caFile=" + caFile.map(Path::toString).orElse("(none)") + ", timeout=" + timeout
                + ", collectionTimeout=" + collectionTimeout + "]";
    }
}
