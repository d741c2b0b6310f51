package io.pwb.service.api;

import io.pwb.service.config.PwbConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;
import java.util.Set;

/**
 * Bearer-token check for the API: every request that changes state needs {@code Authorization: Bearer <token>};
 * reads are open unless {@code pwb.api.read-open=false}. The token is the {@link ApiToken}; it is never logged.
 * Without a configured token nothing can be changed.
 */
public class BearerTokenFilter {
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ApiToken token;
    private final boolean readOpen;

    public BearerTokenFilter(ApiToken token, PwbConfig config) {
        this.token = token;
        this.readOpen = config.api().readOpen();
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
        if (!token.configured()) {
            return Optional.of(Problem.response(Response.Status.FORBIDDEN,
                    "no API token is configured (pwb.api.token or the first line of pwb.api.token-file), so the API is read-only"));
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(unauthorized("this request needs an 'Authorization: Bearer <token>' header"));
        }
        if (!token.matches(header.substring(7).strip())) {
            return Optional.of(unauthorized("the bearer token is not valid"));
        }
        return Optional.empty();
    }

    private static Response unauthorized(String detail) {
        Response r = Problem.response(Response.Status.UNAUTHORIZED, detail);
        return Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pwb\"").build();
    }
}
