package io.purposegate.pdp.consent;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One page of Keycloak's resync ({@code GET /admin/realms/{realm}/privacy/sync/subjects}, docs/interfaces.md §4):
 * users in Keycloak's stable order, and the cursor of the next page, absent on the last.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubjectPage(List<SubjectState> subjects, String next) {

    public SubjectPage {
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
    }
}
