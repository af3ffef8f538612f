package io.purposegate.pdp.problem;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail, the body of every 4xx the PDP returns. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<String> errors) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    /** Problem types are URNs: stable identifiers that need no web site; docs/pdp.md lists them. */
    private static final String TYPE_BASE = "urn:purposegate:problem:";

    public static Response response(Response.Status status, String slug, String title, String detail,
            List<String> errors) {
        return response(status.getStatusCode(), slug, title, detail, errors);
    }

    public static Response response(int status, String slug, String title, String detail, List<String> errors) {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(new Problem(TYPE_BASE + slug, title, status, detail, errors))
                .build();
    }
}
