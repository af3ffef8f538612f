package io.purposegate.pdp.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/decisions}: may the caller do {@code action} on {@code resource} for {@code purpose}?
 * The caller itself is the bearer token, never a field of this body.
 */
public record DecisionRequest(String action, String purpose, Resource resource, Map<String, Object> context) {

    /** Actions the decision API knows; the policy decides which it allows. */
    public static final Set<String> ACTIONS = Set.of("read", "list", "create", "update", "delete", "export", "erase");

    /**
     * @param owner the data subject: the Keycloak user id of the person the record is about
     * @param fields the fields the caller intends to return or change
     * @param createdAt deprecated fallback of {@code retentionFrom}, kept for one release
     * @param retentionFrom RFC 3339: the time the purpose's retention period runs from (the record's
     *        last activity, say); the policy counts from it, else from {@code createdAt}
     */
    public record Resource(String type, String id, String owner, List<String> fields,
            @com.fasterxml.jackson.annotation.JsonProperty("created_at") String createdAt,
            @com.fasterxml.jackson.annotation.JsonProperty("retention_from") String retentionFrom) {

        public Resource(String type, String id, String owner, List<String> fields) {
            this(type, id, owner, fields, null, null);
        }
    }

    /** What is wrong with this request, one sentence per problem; empty when it is well-formed. */
    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        if (blank(action)) {
            violations.add("action is required");
        } else if (!ACTIONS.contains(action)) {
            violations.add("action must be one of " + ACTIONS.stream().sorted().toList());
        }
        if (blank(purpose)) {
            violations.add("purpose is required");
        }
        if (resource == null) {
            violations.add("resource is required");
        } else {
            if (blank(resource.type())) {
                violations.add("resource.type is required");
            }
            if (blank(resource.id())) {
                violations.add("resource.id is required");
            }
            if (blank(resource.owner())) {
                violations.add("resource.owner is required");
            }
            if (resource.fields() != null && resource.fields().stream().anyMatch(DecisionRequest::blank)) {
                violations.add("resource.fields must not contain empty names");
            }
            if (resource.createdAt() != null && !rfc3339(resource.createdAt())) {
                violations.add("resource.created_at must be an RFC 3339 date-time");
            }
        }
        if (context != null) {
            if (context.containsKey("gpc") && !(context.get("gpc") instanceof Boolean)) {
                violations.add("context.gpc must be a boolean");
            }
            if (context.containsKey("justification") && !(context.get("justification") instanceof String)) {
                violations.add("context.justification must be a string");
            }
        }
        return violations;
    }

    public List<String> requestedFields() {
        return resource == null || resource.fields() == null ? List.of() : resource.fields();
    }

    private static boolean rfc3339(String value) {
        try {
            java.time.OffsetDateTime.parse(value);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
