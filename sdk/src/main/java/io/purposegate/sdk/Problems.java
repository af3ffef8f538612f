package io.purposegate.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** RFC 9457 problem details for the answers the SDK gives in place of the resource method. */
final class Problems {

    static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Problem types are URNs: stable identifiers that need no web site; docs/sdk.md lists them. */
    private static final String TYPE_BASE = "urn:purposegate:problem:";

    private Problems() {
    }

    static Response of(int status, String slug, String title, String detail) {
        return of(status, slug, title, detail, null, List.of());
    }

    static Response of(int status, String slug, String title, String detail, String decisionId,
            List<PdpDecision.Reason> reasons) {
        return Response.status(status).type(PROBLEM_JSON).entity(json(status, slug, title, detail, decisionId, reasons))
                .build();
    }

    /** The problem document itself, for answers that replace a response's entity. */
    static String json(int status, String slug, String title, String detail, String decisionId,
            List<PdpDecision.Reason> reasons) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + slug);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (decisionId != null) {
            body.put("decision_id", decisionId);
        }
        if (!reasons.isEmpty()) {
            body.put("reasons", reasons);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem detail could not be written", e);
        }
    }
}
