package io.purposegate.pdp.decision;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.purposegate.pdp.policy.PolicyDecision;

/** The answer of {@code POST /v1/decisions}, as in the contract. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionResponse(
        @JsonProperty("decision_id") String decisionId,
        boolean allow,
        PolicyDecision.Fields fields,
        List<PolicyDecision.Reason> reasons,
        @JsonProperty("policy_revision") String policyRevision,
        boolean review) {

    public DecisionResponse(String decisionId, boolean allow, PolicyDecision.Fields fields, List<PolicyDecision.Reason> reasons,
            String policyRevision) {
        this(decisionId, allow, fields, reasons, policyRevision, false);
    }
}
