package io.purposegate.pdp.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.purposegate.pdp.problem.InputViolation;

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

    /**
     * Every way this request breaks the documented input limits ({@link InputLimits}); empty when it keeps them all.
     *
     * @param resourcePath where the resource is in the body: {@code resource}, or {@code resources[3]} in a batch
     */
    public List<InputViolation> check(String resourcePath) {
        List<InputViolation> violations = new ArrayList<>();
        checkShared(violations);
        checkResource(resourcePath, violations);
        return violations;
    }

    /** The action, purpose and context: in a batch, shared by every item. */
    void checkShared(List<InputViolation> violations) {
        int before = violations.size();
        InputLimits.name(action, "action", "action", violations);
        if (violations.size() == before && !ACTIONS.contains(action)) {
            violations.add(InputViolation.rule("action", "action.allowed",
                    "action must be one of " + ACTIONS.stream().sorted().toList()));
        }
        InputLimits.name(purpose, "purpose", "purpose", violations);
        InputLimits.context(context, violations);
    }

    void checkResource(String path, List<InputViolation> violations) {
        if (resource == null) {
            violations.add(InputViolation.rule(path, "resource.required", path + " is required"));
            return;
        }
        InputLimits.name(resource.type(), path + ".type", "resource.type", violations);
        InputLimits.id(resource.id(), path + ".id", "resource.id", violations);
        InputLimits.id(resource.owner(), path + ".owner", "resource.owner", violations);
        InputLimits.fields(resource.fields(), path + ".fields", violations);
        InputLimits.timestamp(resource.createdAt(), path + ".created_at", "resource.created_at", violations);
        InputLimits.timestamp(resource.retentionFrom(), path + ".retention_from", "resource.retention_from", violations);
    }

    public List<String> requestedFields() {
        return resource == null || resource.fields() == null ? List.of() : resource.fields();
    }

}
