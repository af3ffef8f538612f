package io.purposegate.keycloak.consent;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/** Facts about the login a required action runs in. */
final class Interaction {

    private Interaction() {
    }

    /**
     * Whether a person sits in front of a browser. A page can only be shown there: for grants
     * without a browser (password, client credentials, token exchange) the action is not
     * triggered, and the token simply carries no consent-based purpose the user never gave.
     */
    static boolean interactive(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession == null) {
            return false;
        }
        if (!OIDCLoginProtocol.LOGIN_PROTOCOL.equals(authSession.getProtocol())) {
            return true;
        }
        return authSession.getClientNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM) != null;
    }

    /** Whether the browser sends a Global Privacy Control signal ({@code Sec-GPC: 1}). */
    static boolean gpc(RequiredActionContext context) {
        if (context.getHttpRequest() == null || context.getHttpRequest().getHttpHeaders() == null) {
            return false;
        }
        String value = context.getHttpRequest().getHttpHeaders().getHeaderString("Sec-GPC");
        return value != null && "1".equals(value.strip());
    }

    static String clientId(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return authSession == null || authSession.getClient() == null ? null : authSession.getClient().getClientId();
    }
}
