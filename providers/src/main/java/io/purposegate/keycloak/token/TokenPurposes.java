package io.purposegate.keycloak.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.ledger.ConsentState;

/**
 * The consent claims of a token, computed from the catalog and the user's ledger state. Pure:
 * the mapper gathers the inputs, this class decides.
 */
public final class TokenPurposes {

    /** Client attribute naming the purposes a client may use, separated by spaces or commas. */
    public static final String CLIENT_ATTRIBUTE = "purposegate.purposes";

    /** User attribute: epoch seconds of the last privacy-training attestation. */
    public static final String TRAINING_ATTRIBUTE = "purposegate.privacy_training";

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

    private TokenPurposes() {
    }

    /**
     * The client's registered purposes, in the client's order and without duplicates, that are in
     * the catalog and have a lawful basis for this user now. A registered id the catalog does not
     * know never reaches a token.
     */
    public static List<String> allowed(Collection<String> registeredByClient, Map<String, Purpose> catalog,
            ConsentState state, String jurisdiction, long nowMillis) {
        Set<String> result = new LinkedHashSet<>();
        for (String id : registeredByClient) {
            Purpose purpose = catalog.get(id);
            if (purpose != null && state.lawful(purpose, jurisdiction, nowMillis)) {
                result.add(id);
            }
        }
        return List.copyOf(result);
    }

    /** The client's registered purposes that the catalog knows, in the client's order, without duplicates. */
    public static List<String> registered(Collection<String> registeredByClient, Map<String, Purpose> catalog) {
        Set<String> result = new LinkedHashSet<>();
        for (String id : registeredByClient) {
            if (catalog.containsKey(id)) {
                result.add(id);
            }
        }
        return List.copyOf(result);
    }

    /** The {@code consent} claim: version, notice, consent-based purposes given and not expired, jurisdiction. */
    public static Map<String, Object> consentClaim(Map<String, Purpose> catalog, ConsentState state, String jurisdiction,
            long nowMillis) {
        List<String> granted = new ArrayList<>();
        for (Purpose purpose : catalog.values()) {
            if (purpose.consentBased() && ConsentState.GIVEN.equals(state.stateAt(purpose.id, nowMillis))) {
                granted.add(purpose.id);
            }
        }
        granted.sort(null);
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("v", state.version());
        claim.put("notice", state.notice());
        claim.put("granted", granted);
        claim.put("jurisdiction", jurisdiction);
        return claim;
    }

    /** Splits a purpose list as admins write it in a client attribute: {@code "service support"} or {@code "service,support"}. */
    public static List<String> parse(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> purposes = new ArrayList<>();
        for (String part : SEPARATORS.split(value.strip())) {
            if (!part.isEmpty()) {
                purposes.add(part);
            }
        }
        return purposes;
    }

    /** The attestation time in epoch seconds, or null when absent or not a number. */
    public static Long trainingTime(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(attribute.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
