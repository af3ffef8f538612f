package io.purposegate.keycloak.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem responses, in the same shape and type namespace as the PDP's. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    public static WebApplicationException badRequest(String slug, String detail) {
        return of(400, slug, "Bad request", detail, null);
    }

    public static WebApplicationException invalid(String detail, List<String> errors) {
        return of(400, "invalid-request", "Invalid request", detail, errors);
    }

    public static WebApplicationException unauthorized(String detail) {
        return of(401, "invalid-token", "Unauthorized", detail, null);
    }

    public static WebApplicationException forbidden(String detail) {
        return of(403, "forbidden", "Forbidden", detail, null);
    }

    public static WebApplicationException notFound(String detail) {
        return of(404, "not-found", "Not found", detail, null);
    }

    public static WebApplicationException conflict(String detail) {
        return of(409, "conflict", "Conflict", detail, null);
    }

    private static WebApplicationException of(int status, String slug, String title, String detail, List<String> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:purposegate:problem:" + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (errors != null) {
            body.put("errors", errors);
        }
        return new WebApplicationException(Response.status(status).type(MEDIA_TYPE).entity(body).build());
    }
}
