package io.pwb.service.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.pwb.service.ingest.InvalidSampleException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Maps every error to an RFC 7807 problem with a clear message; internal details are logged, not returned.
 * Client mistakes are 4xx (resources throw {@link jakarta.ws.rs.BadRequestException} and friends for them); an
 * exception that escapes from the service or the engine is the server's fault and is a 500, whatever its type.
 */
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
    public Response violations(ConstraintViolationException e) {
        List<String> errors = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage()).sorted().toList();
        return Problem.response(Response.Status.BAD_REQUEST, "the request is not valid", path(), errors);
    }

    /** A body whose JSON is well formed but does not fit the request: wrong type, bad format, unknown property. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        String field = fieldPath(e);
        String problem;
        if (e instanceof UnrecognizedPropertyException u) {
            problem = "unknown property '" + u.getPropertyName() + "'" + (field.equals(u.getPropertyName()) ? "" : " at " + field)
                    + "; known: " + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
        } else if (e instanceof InvalidFormatException f) {
            problem = field + ": '" + f.getValue() + "' is not a valid " + simpleType(e);
        } else {
            problem = (field.isEmpty() ? "the body" : field) + ": expected " + simpleType(e);
        }
        return Problem.response(Response.Status.BAD_REQUEST, "the request body does not fit: " + problem + at(e.getLocation()),
                path(), null);
    }

    /** A body that is not JSON at all (or a mapping error Jackson reports without a more specific type). */
    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? fieldPath(m) : "";
        return Problem.response(Response.Status.BAD_REQUEST, "the request body is not valid JSON: " + e.getOriginalMessage()
                + (field.isEmpty() ? "" : " (at " + field + ")") + at(e.getLocation()), path(), null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (e.getResponse().getMediaType() != null && e.getResponse().getMediaType().toString().startsWith(Problem.MEDIA_TYPE)) {
            return e.getResponse();
        }
        if (e.getCause() instanceof MismatchedInputException m) {
            return mismatchedJson(m);
        }
        if (e.getCause() instanceof JsonProcessingException j) { // the JSON reader wraps a parse error in a 400
            return badJson(j);
        }
        if (e instanceof NotFoundException && e.getCause() != null) {
            // JAX-RS answers a path or query parameter that does not convert (?limit=abc) with 404: it is a bad request
            return Problem.response(Response.Status.BAD_REQUEST, "a query or path parameter has the wrong type: "
                    + e.getCause().getMessage(), path(), null);
        }
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? Problem.reason(status) : e.getMessage();
        return Problem.response(status, detail, path(), null);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request " + path() + " failed", e);
        // an IllegalArgumentException from inside names the inconsistency (e.g. a VM on a host the cluster lacks)
        String why = e instanceof IllegalArgumentException && e.getMessage() != null ? ": " + e.getMessage() : "";
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR,
                "internal error" + why + "; the server log has the details", path(), null);
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String simpleType(MismatchedInputException e) {
        Class<?> t = e.getTargetType();
        if (t == null) {
            return "value";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(t)) {
            return "ISO-8601 instant (e.g. 2026-01-01T00:00:00Z)";
        }
        if (Number.class.isAssignableFrom(t) || (t.isPrimitive() && t != boolean.class)) {
            return "number";
        }
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "array";
        }
        if (t == String.class) {
            return "string";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "boolean";
        }
        return "object";
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
