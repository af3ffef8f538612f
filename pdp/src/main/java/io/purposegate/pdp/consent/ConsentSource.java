package io.purposegate.pdp.consent;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Keycloak's side of the resync API (docs/interfaces.md §4). */
public interface ConsentSource {

    /**
     * One page of at most {@code max} users' state, in Keycloak's stable order, after {@code cursor} (null: from the
     * start). A pass follows {@link SubjectPage#next()} until it is absent; a cursor, unlike an offset, is not shifted
     * by users created or erased during the pass, and a page may be short without being the last.
     */
    SubjectPage page(String cursor, int max) throws IOException;

    /** One user's state; empty when Keycloak does not know the user. */
    Optional<SubjectState> one(String userId, Duration timeout) throws IOException;
}
