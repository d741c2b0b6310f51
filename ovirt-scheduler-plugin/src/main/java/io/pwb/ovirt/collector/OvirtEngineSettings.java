package io.pwb.ovirt.collector;

import io.pwb.engine.runtime.SecretFile;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to reach an oVirt engine. Secrets live in files (readable only by PWB) and are read when a
 * connection is built; {@link #toString()} never shows them.
 *
 * @param apiUrl                 e.g. {@code https://engine.example.com/ovirt-engine/api}
 * @param user                   e.g. {@code pwb@internal}
 * @param passwordFile           file holding the password (one line)
 * @param trustStoreFile         JKS/PKCS12 trust store with the engine's CA certificate
 * @param trustStorePasswordFile optional file with the trust store's password
 * @param timeout                per-request timeout
 */
public record OvirtEngineSettings(URI apiUrl, String user, Path passwordFile, Optional<Path> trustStoreFile,
                                  Optional<Path> trustStorePasswordFile, Duration timeout) {

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
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the oVirt request timeout must be positive");
        }
    }

    String password() throws IOException {
        return SecretFile.read(passwordFile);
    }

    Optional<String> trustStorePassword() throws IOException {
        return trustStorePasswordFile.isPresent() ? Optional.of(SecretFile.read(trustStorePasswordFile.get())) : Optional.empty();
    }

    @Override
    public String toString() {
        return "OvirtEngineSettings[apiUrl=" + apiUrl + ", user=" + user + ", passwordFile=" + passwordFile
                + ", trustStoreFile=" + trustStoreFile.map(Path::toString).orElse("(none)") + ", timeout=" + timeout + "]";
    }
}
