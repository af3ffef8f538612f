package io.purposegate.sdk;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The application's answer to "whose data is this record?": the data subject's Keycloak user id.
 * The SDK never trusts an owner the caller sends; it asks the application.
 */
@FunctionalInterface
public interface DataSubjects {

    /** @return the owner of the record, or empty when there is no such record */
    Optional<String> ownerOf(String resourceType, String resourceId);

    /**
     * The owners of many records at once, for list methods. Override it with one query when the
     * records live in a database; the default asks {@link #ownerOf} per id.
     *
     * @return owner by record id; ids without a record are absent (their rows are dropped)
     */
    default Map<String, String> ownersOf(String resourceType, Collection<String> resourceIds) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (String id : resourceIds) {
            ownerOf(resourceType, id).ifPresent(owner -> owners.put(id, owner));
        }
        return owners;
    }

    /**
     * The record of this type that belongs to a data subject, for {@link PersonalData.Subject#CALLER}
     * methods ({@code GET /customers/me}).
     *
     * @return the record id, or empty when the subject has none
     */
    default Optional<String> recordOf(String resourceType, String subject) {
        return Optional.empty();
    }
}
