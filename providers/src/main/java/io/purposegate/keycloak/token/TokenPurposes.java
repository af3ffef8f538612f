package io.purposegate.keycloak.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which purposes a token may be used for: the purposes the client registered, in the client's
 * order, that the user's stored choices allow.
 *
 * <p>Step 1 of the roadmap keeps the user's choices in a user attribute; the consent ledger
 * replaces that source later without changing this rule.
 */
public final class TokenPurposes {

    /** Client attribute naming the purposes a client may use, separated by spaces or commas. */
    public static final String CLIENT_ATTRIBUTE = "purposegate.purposes";

    /** User attribute holding the user's stored choices (one value per purpose). */
    public static final String USER_ATTRIBUTE = "purposegate.granted";

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

    private TokenPurposes() {
    }

    /** The client's registered purposes that the user's choices allow, without duplicates. */
    public static List<String> allowed(Collection<String> registeredByClient, Collection<String> chosenByUser) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String value : chosenByUser) {
            chosen.addAll(parse(value));
        }
        Set<String> result = new LinkedHashSet<>();
        for (String purpose : registeredByClient) {
            if (chosen.contains(purpose)) {
                result.add(purpose);
            }
        }
        return List.copyOf(result);
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
}
