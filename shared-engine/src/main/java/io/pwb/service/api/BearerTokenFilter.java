package io.pwb.service.api;

import io.pwb.engine.runtime.SecretFile;
import io.pwb.service.config.PwbConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer-token check for the API: every request that changes state needs {@code Authorization: Bearer <token>};
 * reads are open unless {@code pwb.api.read-open=false}. The token comes from {@code pwb.api.token} or the
 * first line of {@code pwb.api.token-file}; it is never logged. Without a configured token nothing can be changed.
 */
public class BearerTokenFilter {
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final byte[] token;
    private final boolean readOpen;

    public BearerTokenFilter(PwbConfig config) {
        this.token = loadToken(config.api()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.readOpen = config.api().readOpen();
    }

    static Optional<String> loadToken(PwbConfig.Api api) {
        Optional<String> direct = api.token().map(String::strip).filter(t -> !t.isEmpty());
        if (direct.isPresent()) {
            return direct;
        }
        return api.tokenFile().filter(f -> !f.isBlank()).map(f -> {
            try {
                return SecretFile.firstLine(Path.of(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read pwb.api.token-file " + f, e);
            }
        }).filter(t -> !t.isEmpty());
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        boolean read = READ_METHODS.contains(request.getMethod());
        if (read && readOpen) {
            return Optional.empty();
        }
        if (token == null) {
            return Optional.of(Problem.response(Response.Status.FORBIDDEN,
                    "no API token is configured (pwb.api.token or pwb.api.token-file), so the API is read-only"));
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(unauthorized("this request needs an 'Authorization: Bearer <token>' header"));
        }
        byte[] presented = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token)) {
            return Optional.of(unauthorized("the bearer token is not valid"));
        }
        return Optional.empty();
    }

    private static Response unauthorized(String detail) {
        Response r = Problem.response(Response.Status.UNAUTHORIZED, detail);
        return Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pwb\"").build();
    }
}
