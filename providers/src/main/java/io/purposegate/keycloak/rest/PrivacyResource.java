package io.purposegate.keycloak.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.catalog.PurposeCatalog;
import io.purposegate.keycloak.ledger.ConsentLedger;
import io.purposegate.keycloak.ledger.ConsentState;

/**
 * {@code /realms/{realm}/privacy}: the public catalog and the user's own consent (bearer token of
 * the user; a user reaches only their own records). Any of the user's tokens reads; only a token of a
 * first-party client ({@link FirstPartyClients}) changes.
 */
public class PrivacyResource {

    private final KeycloakSession session;
    private final RealmModel realm;

    public PrivacyResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Path("purposes")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> purposes() {
        PurposeCatalog catalog = new PurposeCatalog(session, realm);
        return ConsentViews.catalog(catalog.notice(), catalog.list());
    }

    @GET
    @Path("me/consents")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> myConsents() {
        UserModel user = caller().user();
        return view(user, new ConsentLedger(session, realm).state(user.getId()));
    }

    @PUT
    @Path("me/consents")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> changeMyConsents(String body) {
        AuthenticationManager.AuthResult caller = caller();
        String clientId = caller.token().getIssuedFor();
        List<ConsentLedger.Decision> decisions = selfServiceDecisions(clientId, FirstPartyClients.of(realm), body,
                byId(new PurposeCatalog(session, realm).list()));
        ConsentState after = new ConsentLedger(session, realm)
                .append(caller.user(), decisions, clientId, false, false)
                .after();
        return view(caller.user(), after);
    }

    @GET
    @Path("me/consents/history")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> myHistory() {
        UserModel user = caller().user();
        ConsentLedger ledger = new ConsentLedger(session, realm);
        return ConsentViews.history(ledger.state(user.getId()).version(), ledger.history(user.getId()));
    }

    private Map<String, Object> view(UserModel user, ConsentState state) {
        return ConsentViews.state(user.getId(), state, new PurposeCatalog(session, realm).list(),
                user.getFirstAttribute(ConsentLedger.JURISDICTION_ATTRIBUTE), System.currentTimeMillis());
    }

    private AuthenticationManager.AuthResult caller() {
        AuthenticationManager.AuthResult result = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (result == null || result.user() == null) {
            throw Problems.unauthorized("a valid bearer token of a user of realm " + realm.getName() + " is required");
        }
        if (result.user().getServiceAccountClientLink() != null) {
            throw Problems.unauthorized("a service account has no consent of its own");
        }
        return result;
    }

    /** The decisions of a self-service change: the client is authorised first (403), then the body validated (400). */
    static List<ConsentLedger.Decision> selfServiceDecisions(String clientId, Function<String, String> firstPartyAttribute,
            String body, Map<String, Purpose> catalog) {
        FirstPartyClients.requireFirstParty(clientId, firstPartyAttribute);
        return ConsentRequests.parse(body, catalog, "self_service");
    }

    static Map<String, Purpose> byId(List<Purpose> purposes) {
        Map<String, Purpose> map = new LinkedHashMap<>();
        for (Purpose purpose : purposes) {
            map.put(purpose.id, purpose);
        }
        return map;
    }
}
