package io.pwb.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** An RFC 7807 problem detail, the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<String> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    /** 422: the request is well formed but names something that does not exist (a host, a VM) where it must. */
    public static final int UNPROCESSABLE = 422;
    /** 422 as a status for {@link #response(Response.StatusType, String, String, List)}; Jakarta REST has no constant. */
    public static final Response.StatusType UNPROCESSABLE_STATUS = new Response.StatusType() {
        @Override
        public int getStatusCode() {
            return UNPROCESSABLE;
        }

        @Override
        public Response.Status.Family getFamily() {
            return Response.Status.Family.CLIENT_ERROR;
        }

        @Override
        public String getReasonPhrase() {
            return "Unprocessable Content";
        }
    };

    public static Response response(Response.StatusType status, String detail, String instance, List<String> errors) {
        Problem p = new Problem("about:blank", reason(status), status.getStatusCode(), detail, instance,
                errors == null || errors.isEmpty() ? null : errors);
        return Response.status(status.getStatusCode()).type(MEDIA_TYPE).entity(p).build();
    }

    public static Response response(Response.Status status, String detail) {
        return response(status, detail, null, null);
    }

    /** A 422 problem to throw from a resource. */
    public static ClientErrorException unprocessable(String detail) {
        return new ClientErrorException(detail, UNPROCESSABLE);
    }

    /** The status' reason phrase; Jakarta REST's table lacks some codes (422). */
    static String reason(Response.StatusType status) {
        if (status.getStatusCode() == UNPROCESSABLE) {
            return "Unprocessable Content";
        }
        String phrase = status.getReasonPhrase();
        return phrase == null || phrase.isBlank() ? "HTTP " + status.getStatusCode() : phrase;
    }
}
