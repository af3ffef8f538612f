package io.purposegate.pdp.token;

/**
 * The realm's signing keys could not be had at all (Keycloak's JWKS unreachable and nothing cached), so the
 * token can be neither trusted nor rejected: the PDP denies with 503, like for an unavailable policy engine. A key
 * that is merely unknown (a forged or foreign token) is an {@link InvalidTokenException}, never this.
 */
public class SigningKeysUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public SigningKeysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
