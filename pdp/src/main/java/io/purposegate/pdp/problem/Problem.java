package io.purposegate.pdp.problem;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every 4xx the PDP returns. A refused request body also names the
 * documented input limit it broke: {@code limit} (e.g. {@code resource.owner.length}), {@code max} (its bound, where
 * it has one) and {@code path} (where in the body, e.g. {@code resources[3].owner}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<String> errors, String limit, Long max,
        String path) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    /** Problem types are URNs: stable identifiers that need no web site; docs/pdp.md lists them. */
    private static final String TYPE_BASE = "urn:purposegate:problem:";

    public Problem(String type, String title, int status, String detail, List<String> errors) {
        this(type, title, status, detail, errors, null, null, null);
    }

    public static Response response(Response.Status status, String slug, String title, String detail,
            List<String> errors) {
        return response(status.getStatusCode(), slug, title, detail, errors);
    }

    public static Response response(int status, String slug, String title, String detail, List<String> errors) {
        return response(status, slug, title, detail, errors, null);
    }

    /** A problem that names the input limit {@code violation} broke (none when it is null). */
    public static Response response(int status, String slug, String title, String detail, List<String> errors,
            InputViolation violation) {
        Problem problem = violation == null
                ? new Problem(TYPE_BASE + slug, title, status, detail, errors)
                : new Problem(TYPE_BASE + slug, title, status, detail, errors, violation.limit(), violation.max(),
                        violation.path());
        return Response.status(status).type(MEDIA_TYPE).entity(problem).build();
    }
}
