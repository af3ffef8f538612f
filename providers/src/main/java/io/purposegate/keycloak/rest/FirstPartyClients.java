package io.purposegate.keycloak.rest;

import java.util.function.Function;

import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;

/**
 * Which clients may change a customer's consent through the self-service API: those the realm marks
 * as first-party for consent (client attribute {@value #ATTRIBUTE} = {@code true}) and Keycloak's own
 * account console. A vendor holding a customer's token must never give consent in the customer's name.
 */
public final class FirstPartyClients {

    /** Client attribute that marks a client as first-party for consent; anything but {@code true} is not. */
    public static final String ATTRIBUTE = "purposegate.consent.first-party";

    private FirstPartyClients() {
    }

    /** Whether a token issued to {@code clientId} may change its user's consent. */
    static boolean mayChangeConsent(String clientId, Function<String, String> attributeOfClient) {
        if (clientId == null || clientId.isEmpty()) {
            return false;
        }
        if (Constants.ACCOUNT_CONSOLE_CLIENT_ID.equals(clientId)) {
            return true;
        }
        return "true".equals(attributeOfClient.apply(clientId));
    }

    /** A 403 problem unless the client is first-party for consent. */
    static void requireFirstParty(String clientId, Function<String, String> attributeOfClient) {
        if (!mayChangeConsent(clientId, attributeOfClient)) {
            throw Problems.forbidden("only first-party clients change consent; client '" + clientId
                    + "' is not marked " + ATTRIBUTE + " in this realm (read-only access stays open)");
        }
    }

    /** The attribute of a realm's client by client id; {@code null} for a client the realm does not have. */
    static Function<String, String> of(RealmModel realm) {
        return clientId -> {
            ClientModel client = realm.getClientByClientId(clientId);
            return client == null || !client.isEnabled() ? null : client.getAttribute(ATTRIBUTE);
        };
    }
}
