package io.purposegate.sdk;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The PDP's answer for one access (one element of a batch answer has the same shape).
 *
 * @param consentV the data subject's consent version the PDP decided with ({@code consent_v}); null when
 *        the PDP did not say (older PDPs) or the subject has no consent record
 * @param review true for a break-glass access the policy let through and marked for a privacy
 *        officer's review ({@code review}); the SDK says so in the {@value PurposeGateFilter#REVIEW_HEADER} header
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PdpDecision(
        @JsonProperty("decision_id") String decisionId,
        boolean allow,
        Fields fields,
        List<Reason> reasons,
        @JsonProperty("policy_revision") String policyRevision,
        @JsonProperty("consent_v") Integer consentV,
        boolean review) {

    @JsonCreator
    public PdpDecision {
    }

    /** The shape before {@code review}: kept so code written against it still compiles. */
    public PdpDecision(String decisionId, boolean allow, Fields fields, List<Reason> reasons, String policyRevision,
            Integer consentV) {
        this(decisionId, allow, fields, reasons, policyRevision, consentV, false);
    }

    /** The shape before {@code consent_v}: kept so code written against it still compiles. */
    public PdpDecision(String decisionId, boolean allow, Fields fields, List<Reason> reasons, String policyRevision) {
        this(decisionId, allow, fields, reasons, policyRevision, null, false);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reason(String code, String message) {
    }

    /** What may leave per field: in clear, masked by a strategy ({@code field -> strategy}), or not at all. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fields(List<String> allowed, Map<String, String> masked, List<String> denied) {

        public List<String> allowed() {
            return allowed == null ? List.of() : allowed;
        }

        public Map<String, String> masked() {
            return masked == null ? Map.of() : masked;
        }

        public List<String> denied() {
            return denied == null ? List.of() : denied;
        }
    }

    public List<Reason> reasons() {
        return reasons == null ? List.of() : reasons;
    }
}
