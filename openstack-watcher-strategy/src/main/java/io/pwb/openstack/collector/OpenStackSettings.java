package io.pwb.openstack.collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * @param caFile             PEM CA bundle for TLS, or null for the JVM's trust store
 * @param novaMicroversion   sent as X-OpenStack-Nova-API-Version (2.56 like Watcher: UUID hypervisor ids,
 *                           embedded flavors)
 * @param historyWindow      how much metric history to read from Gnocchi per cycle
 * @param granularitySeconds Gnocchi granularity to read
 * @param requestTimeout     per HTTP request
 * @param backOffInitial     first wait after a failed cycle; doubles up to {@code backOffMax}
 */
public record OpenStackSettings(String authUrl, String username, String userDomain, String projectName,
                                String projectDomain, Path passwordFile, String region, Path caFile,
                                String novaMicroversion, Duration historyWindow, int granularitySeconds,
                                Duration requestTimeout, Duration backOffInitial, Duration backOffMax) {

    public OpenStackSettings {
        Objects.requireNonNull(authUrl, "authUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(passwordFile, "passwordFile");
        userDomain = userDomain == null ? "Default" : userDomain;
        projectDomain = projectDomain == null ? "Default" : projectDomain;
        novaMicroversion = novaMicroversion == null ? "2.56" : novaMicroversion;
        historyWindow = historyWindow == null ? Duration.ofHours(24) : historyWindow;
        granularitySeconds = granularitySeconds <= 0 ? 300 : granularitySeconds;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        backOffInitial = backOffInitial == null ? Duration.ofSeconds(30) : backOffInitial;
        backOffMax = backOffMax == null ? Duration.ofMinutes(15) : backOffMax;
    }

    /** The first line of the password file; a missing or empty file is a configuration error. */
    String password() {
        try {
            String first = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (first.isBlank()) {
                throw new IllegalStateException("the OpenStack password file " + passwordFile + " is empty");
            }
            return first.strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OpenStack password file " + passwordFile, e);
        }
    }

    Optional<Path> ca() {
        return Optional.ofNullable(caFile);
    }
}
