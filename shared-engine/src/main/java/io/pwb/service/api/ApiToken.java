package io.pwb.service.api;

import io.pwb.engine.runtime.SecretFile;
import io.pwb.service.config.PwbConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The API's bearer token, read once at start-up from {@code pwb.api.token} or else the first line of
 * {@code pwb.api.token-file}. Without a token the API is read-only. A token file that is configured but empty or
 * unreadable also leaves it read-only, which would otherwise show only as 403 answers to every write, so that case is
 * logged once at start-up, naming the file and never its content.
 */
@Singleton
@Startup
public class ApiToken {
    private static final Logger LOG = Logger.getLogger(ApiToken.class);

    /** The configured token, or why a configured token file gave none. */
    record Reading(Optional<String> token, Optional<String> problem) {
    }

    private final byte[] token;

    public ApiToken(PwbConfig config) {
        Reading reading = read(config.api());
        reading.problem().ifPresent(LOG::warn);
        this.token = reading.token().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    static Reading read(PwbConfig.Api api) {
        Optional<String> direct = api.token().map(String::strip).filter(t -> !t.isEmpty());
        if (direct.isPresent()) {
            return new Reading(direct, Optional.empty());
        }
        Optional<String> file = api.tokenFile().map(String::strip).filter(f -> !f.isEmpty());
        if (file.isEmpty()) {
            return new Reading(Optional.empty(), Optional.empty());
        }
        String line;
        try {
            line = SecretFile.firstLine(Path.of(file.get()));
        } catch (IOException | InvalidPathException e) {
            // the exception names the file or the failure (no such file, access denied, not UTF-8), never the content
            return new Reading(Optional.empty(), Optional.of("cannot read pwb.api.token-file " + file.get() + " ("
                    + e.getClass().getSimpleName() + "): the API is read-only, every write gets 403"));
        }
        if (line.isEmpty()) {
            return new Reading(Optional.empty(), Optional.of("pwb.api.token-file " + file.get()
                    + " has an empty first line (the token goes there): the API is read-only, every write gets 403"));
        }
        return new Reading(Optional.of(line), Optional.empty());
    }

    /** Whether a token is configured at all (else nothing can be changed through the API). */
    public boolean configured() {
        return token != null;
    }

    /** Whether {@code presented} is the token, compared in constant time. */
    public boolean matches(String presented) {
        return token != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token);
    }
}
