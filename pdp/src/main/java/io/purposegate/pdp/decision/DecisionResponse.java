package io.purposegate.pdp.decision;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.purposegate.pdp.policy.PolicyDecision;

/**
 * The answer of {@code POST /v1/decisions} (and each element of a batch's {@code decisions}), as in the contract.
 *
 * @param consentV the data subject's consent version the decision used ({@code input.subject.v}); absent when
 *        the consent registry does not know the subject
 * @param dataVersion the version of the policy data the decision was made with (absent when OPA decided over HTTP)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionResponse(
        @JsonProperty("decision_id") String decisionId,
        boolean allow,
        PolicyDecision.Fields fields,
        List<PolicyDecision.Reason> reasons,
        @JsonProperty("policy_revision") String policyRevision,
        boolean review,
        @JsonProperty("consent_v") Long consentV,
        @JsonProperty("data_version") String dataVersion) {

    public DecisionResponse(String decisionId, boolean allow, PolicyDecision.Fields fields, List<PolicyDecision.Reason> reasons,
            String policyRevision, boolean review, Long consentV) {
        this(decisionId, allow, fields, reasons, policyRevision, review, consentV, null);
    }

    public DecisionResponse(String decisionId, boolean allow, PolicyDecision.Fields fields, List<PolicyDecision.Reason> reasons,
            String policyRevision) {
        this(decisionId, allow, fields, reasons, policyRevision, false, null);
    }

    /** {@code v} of an {@code input.subject} the registry built; null for a subject it does not know. */
    static Long consentVersion(Map<String, Object> subject) {
        if (subject != null && Boolean.TRUE.equals(subject.get("known")) && subject.get("v") instanceof Number v) {
            return v.longValue();
        }
        return null;
    }
}
