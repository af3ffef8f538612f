package io.purposegate.sdk;

import java.util.Optional;

/** The application's answer to "whose data is this record?": the data subject's Keycloak user id. */
@FunctionalInterface
public interface DataSubjects {

    /** @return the owner of the record, or empty when there is no such record */
    Optional<String> ownerOf(String resourceType, String resourceId);
}
