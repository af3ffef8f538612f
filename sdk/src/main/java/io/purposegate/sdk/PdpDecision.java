package io.purposegate.sdk;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The PDP's answer for one access. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PdpDecision(
        @JsonProperty("decision_id") String decisionId,
        boolean allow,
        Fields fields,
        List<Reason> reasons,
        @JsonProperty("policy_revision") String policyRevision) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reason(String code, String message) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fields(List<String> allowed, Map<String, String> masked, List<String> denied) {
    }

    public List<Reason> reasons() {
        return reasons == null ? List.of() : reasons;
    }
}
