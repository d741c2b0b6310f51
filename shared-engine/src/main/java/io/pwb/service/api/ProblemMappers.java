package io.pwb.service.api;

import io.pwb.service.ingest.InvalidSampleException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Maps every error to an RFC 7807 problem with a clear message; internal details are logged, not returned. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Context
    UriInfo uri;

    private String path() {
        return uri == null ? null : uri.getRequestUri().getPath();
    }

    @ServerExceptionMapper
    public Response invalidSample(InvalidSampleException e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage(), path(), null);
    }

    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage(), path(), null);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        List<String> errors = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage()).sorted().toList();
        return Problem.response(Response.Status.BAD_REQUEST, "the request is not valid", path(), errors);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (e.getResponse().getMediaType() != null && e.getResponse().getMediaType().toString().startsWith(Problem.MEDIA_TYPE)) {
            return e.getResponse();
        }
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? status.getReasonPhrase() : e.getMessage();
        return Problem.response(status, detail, path(), null);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request " + path() + " failed", e);
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR,
                "internal error; the server log has the details", path(), null);
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
