package io.purposegate.pdp.decision;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.purposegate.pdp.token.VerifiedToken;

/** The OPA input of docs/interfaces.md §2: verified claims, the request, the subject's registry state, the PDP's clock. */
final class PolicyInput {

    private PolicyInput() {
    }

    static Map<String, Object> of(Instant now, VerifiedToken caller, DecisionRequest request, Map<String, Object> subject) {
        DecisionRequest.Resource asked = request.resource();
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", asked.type());
        resource.put("id", asked.id());
        resource.put("owner", asked.owner());
        resource.put("fields", request.requestedFields());
        if (asked.createdAt() != null) {
            resource.put("created_at", asked.createdAt());
        }
        if (asked.retentionFrom() != null) {
            resource.put("retention_from", asked.retentionFrom());
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("time", now.truncatedTo(ChronoUnit.MILLIS).toString());
        input.put("action", request.action());
        input.put("purpose", request.purpose());
        input.put("resource", resource);
        input.put("token", caller.claims());
        input.put("actor", actor(caller));
        input.put("subject", subject);
        input.put("context", request.context() == null ? Map.of() : request.context());
        return input;
    }

    static Map<String, Object> actor(VerifiedToken caller) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("client_id", caller.clientId());
        actor.put("user_id", caller.subject());
        actor.put("username", caller.username());
        List<String> roles = caller.realmRoles();
        actor.put("roles", roles);
        actor.put("human", caller.human());
        return actor;
    }
}
