package io.purposegate.democrm.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 problem details for demo-crm's own answers, with the same {@code urn:purposegate:problem:}
 * types as the SDK's (docs/sdk.md, docs/demo-crm.md).
 */
public final class Problem {

    public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");

    private Problem() {
    }

    public static Response of(int status, String slug, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:purposegate:problem:" + slug);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
