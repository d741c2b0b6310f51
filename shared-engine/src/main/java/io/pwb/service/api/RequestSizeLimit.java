package io.pwb.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared body is larger than {@code quarkus.http.limits.max-body-size} with a 413
 * problem naming the limit. It runs just before Quarkus' own check, which would answer the same with an empty body.
 */
@ApplicationScoped
public class RequestSizeLimit {
    private final long maxBodyBytes;
    private final String problem;

    public RequestSizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max,
                            ObjectMapper json) throws JsonProcessingException {
        this.maxBodyBytes = max.asLongValue();
        this.problem = json.writeValueAsString(Problem.response(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "the request body is larger than " + maxBodyBytes + " bytes (quarkus.http.limits.max-body-size); "
                        + "send samples in smaller batches", null, null).getEntity());
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaredBytes(length) > maxBodyBytes) {
                ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE).end(problem);
                return;
            }
            ctx.next();
        });
    }

    private static long declaredBytes(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            return -1; // Quarkus answers a malformed length itself
        }
    }
}
