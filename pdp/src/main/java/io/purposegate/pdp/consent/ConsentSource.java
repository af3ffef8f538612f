package io.purposegate.pdp.consent;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Keycloak's side of the resync API (docs/interfaces.md §4). */
public interface ConsentSource {

    /**
     * One page of every user's state, in Keycloak's stable order. A pass reads its pages in order,
     * starting at 0 with {@code first} advanced by each page's size; a page shorter than {@code max}
     * is the last.
     */
    List<SubjectState> page(int first, int max) throws IOException;

    /** One user's state; empty when Keycloak does not know the user. */
    Optional<SubjectState> one(String userId, Duration timeout) throws IOException;
}
