package io.pwb.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** An RFC 7807 problem detail, the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<String> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(Response.StatusType status, String detail, String instance, List<String> errors) {
        Problem p = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, instance,
                errors == null || errors.isEmpty() ? null : errors);
        return Response.status(status.getStatusCode()).type(MEDIA_TYPE).entity(p).build();
    }

    public static Response response(Response.Status status, String detail) {
        return response(status, detail, null, null);
    }
}
