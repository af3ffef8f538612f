package io.purposegate.pdp.policy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The document {@code data.purposegate.access.decision} evaluates to. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PolicyDecision(Boolean allow, List<Reason> reasons, Fields fields, Boolean review) {

    public PolicyDecision(Boolean allow, List<Reason> reasons, Fields fields) {
        this(allow, reasons, fields, null);
    }

    /** True when the policy marked the access for a privacy officer's review (break-glass). */
    public boolean needsReview() {
        return Boolean.TRUE.equals(review);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reason(String code, String message) {
    }

    /** Field obligations: which requested fields may leave, masked with which strategy, or not at all. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fields(List<String> allowed, Map<String, String> masked, List<String> denied) {

        public static Fields noneOf(List<String> requested) {
            return new Fields(List.of(), Map.of(), List.copyOf(requested));
        }
    }

    /** A decision whose shape the PDP can act on; anything else counts as no decision. */
    public boolean wellFormed() {
        return allow != null && reasons != null && fields != null
                && fields.allowed() != null && fields.denied() != null;
    }
}
