package io.purposegate.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * The purposes that exist, so a request naming an unknown one is answered {@code 400}
 * ({@code urn:purposegate:problem:purpose-unknown}) before the PDP is asked. The catalog only
 * rejects: when it cannot be had it lets the request through to the PDP, which denies unknown
 * purposes too.
 */
@FunctionalInterface
public interface PurposeCatalog {

    /** No catalog: every purpose goes to the PDP (the default). */
    PurposeCatalog UNCHECKED = Optional::empty;

    /** @return the ids of the known purposes, or empty when the catalog cannot be had now */
    Optional<Set<String>> purposeIds();

    /** @return true only when the catalog is at hand and does not know this purpose */
    default boolean rejects(String purpose) {
        return purposeIds().map(ids -> !ids.contains(purpose)).orElse(false);
    }

    /** A fixed set of purpose ids. */
    static PurposeCatalog of(Collection<String> purposeIds) {
        Optional<Set<String>> ids = Optional.of(Set.copyOf(purposeIds));
        return () -> ids;
    }

    /** A fixed set of purpose ids. */
    static PurposeCatalog of(String... purposeIds) {
        return of(Arrays.asList(purposeIds));
    }

    /**
     * The catalog Keycloak publishes at {@code GET {realmUrl}/privacy/purposes}, reloaded every
     * {@code refresh}.
     *
     * @param realmUrl for example {@code http://127.0.0.1:8080/realms/demo}
     */
    static KeycloakPurposeCatalog keycloak(URI realmUrl, Duration refresh) {
        return new KeycloakPurposeCatalog(realmUrl, refresh, Duration.ofSeconds(2));
    }
}
