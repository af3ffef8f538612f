package io.purposegate.pdp.consent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A data subject's current consent state, exactly as Keycloak sends it in a consent event and in the
 * resync API (docs/interfaces.md §3, §4): complete after each change, versioned by {@code v}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubjectState(
        @JsonProperty("user_id") String userId,
        long v,
        String jurisdiction,
        String notice,
        Map<String, Map<String, Object>> consents,
        Map<String, Object> rights) {

    private static final Map<String, Object> NO_RIGHTS_IN_PROGRESS = Map.of(
            "restricted", false, "objections", List.of(), "erasure_pending", false);

    /** {@code input.subject} of the OPA input for a subject the registry knows. */
    public Map<String, Object> policyInput() {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("id", userId);
        subject.put("known", true);
        subject.put("v", v);
        if (jurisdiction != null) {
            subject.put("jurisdiction", jurisdiction);
        }
        if (notice != null) {
            subject.put("notice", notice);
        }
        subject.put("consents", consents == null ? Map.of() : consents);
        Map<String, Object> allRights = new LinkedHashMap<>(NO_RIGHTS_IN_PROGRESS);
        if (rights != null) {
            allRights.putAll(rights);
        }
        subject.put("rights", allRights);
        return subject;
    }

    /** {@code input.subject} for a subject the registry has never heard of. */
    public static Map<String, Object> unknownPolicyInput(String subjectId) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("id", subjectId);
        subject.put("known", false);
        subject.put("consents", Map.of());
        subject.put("rights", NO_RIGHTS_IN_PROGRESS);
        return subject;
    }
}
