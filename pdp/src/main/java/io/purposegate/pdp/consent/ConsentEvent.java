package io.purposegate.pdp.consent;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code event} claim of a consent-event JWS (docs/interfaces.md §3). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConsentEvent(
        String id,
        String type,
        @JsonProperty("user_id") String userId,
        Long v,
        @JsonProperty("previous_v") Long previousV,
        String time,
        String jurisdiction,
        String notice,
        Map<String, Map<String, Object>> consents,
        Map<String, Object> rights,
        List<Map<String, Object>> records) {

    public static final String CHANGED = "consent.changed";
    public static final String DELETED = "user.deleted";

    /** What is wrong with this event, empty when it can be applied. */
    public List<String> violations() {
        java.util.ArrayList<String> violations = new java.util.ArrayList<>();
        if (id == null || id.isBlank()) {
            violations.add("event.id is required");
        }
        if (!CHANGED.equals(type) && !DELETED.equals(type)) {
            violations.add("event.type must be " + CHANGED + " or " + DELETED);
        }
        if (userId == null || userId.isBlank()) {
            violations.add("event.user_id is required");
        }
        if (v == null || v < 0) {
            violations.add("event.v must be a non-negative integer");
        }
        if (previousV != null && v != null && previousV >= v) {
            violations.add("event.previous_v must be lower than event.v");
        }
        return violations;
    }

    /** The subject's complete state after this event. */
    public SubjectState state() {
        return new SubjectState(userId, v, jurisdiction, notice, consents == null ? Map.of() : consents, rights);
    }
}
