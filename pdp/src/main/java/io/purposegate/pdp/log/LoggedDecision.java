package io.purposegate.pdp.log;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One decision as the log keeps it and the query APIs return it (the contract's decision-log page).
 * Names of fields only, never their values; no token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"decision_id", "time", "actor", "subject", "purpose", "action", "resource", "fields", "allow",
        "reasons", "policy_revision", "data_version", "review"})
public record LoggedDecision(
        @JsonProperty("decision_id") String decisionId,
        String time,
        Actor actor,
        String subject,
        String purpose,
        String action,
        Resource resource,
        Fields fields,
        boolean allow,
        List<Reason> reasons,
        @JsonProperty("policy_revision") String policyRevision,
        Boolean review,
        @JsonProperty("data_version") String dataVersion) {

    public LoggedDecision(String decisionId, String time, Actor actor, String subject, String purpose, String action,
            Resource resource, Fields fields, boolean allow, List<Reason> reasons, String policyRevision, Boolean review) {
        this(decisionId, time, actor, subject, purpose, action, resource, fields, allow, reasons, policyRevision, review, null);
    }

    /** A decision no one needs to review (the field stays out of the entry, as in entries written before it existed). */
    public LoggedDecision(String decisionId, String time, Actor actor, String subject, String purpose, String action,
            Resource resource, Fields fields, boolean allow, List<Reason> reasons, String policyRevision) {
        this(decisionId, time, actor, subject, purpose, action, resource, fields, allow, reasons, policyRevision, null, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"client_id", "user_id", "username", "roles"})
    public record Actor(@JsonProperty("client_id") String clientId, @JsonProperty("user_id") String userId,
            String username, List<String> roles) {
    }

    @JsonPropertyOrder({"type", "id"})
    public record Resource(String type, String id) {
    }

    /** {@code requested}: the fields the caller asked for; the rest is the decision's obligation. */
    @JsonPropertyOrder({"requested", "allowed", "masked", "denied"})
    public record Fields(List<String> requested, List<String> allowed, Map<String, String> masked, List<String> denied) {
    }

    @JsonPropertyOrder({"code", "message"})
    public record Reason(String code, String message) {
    }
}
