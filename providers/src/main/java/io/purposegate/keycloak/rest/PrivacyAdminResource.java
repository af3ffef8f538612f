package io.purposegate.keycloak.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.purposegate.keycloak.catalog.Notice;
import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.catalog.PurposeCatalog;
import io.purposegate.keycloak.consent.PrivacyTrainingAction;
import io.purposegate.keycloak.ledger.ConsentLedger;
import io.purposegate.keycloak.ledger.ConsentState;
import io.purposegate.keycloak.outbox.ConsentEvents;
import io.purposegate.keycloak.token.TokenPurposes;

/**
 * {@code /admin/realms/{realm}/privacy}: the purpose catalog, the privacy notice, users' ledgers,
 * training attestations and clients' registered purposes. Guarded by realm-management roles;
 * every change is an admin event.
 */
public class PrivacyAdminResource {

    static final String PURPOSE = "PURPOSEGATE_PURPOSE";
    static final String NOTICE = "PURPOSEGATE_NOTICE";
    static final String CONSENT = "PURPOSEGATE_CONSENT";
    static final String TRAINING = "PURPOSEGATE_PRIVACY_TRAINING";
    static final String CLIENT_PURPOSES = "PURPOSEGATE_CLIENT_PURPOSES";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public PrivacyAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    private PurposeCatalog catalog() {
        return new PurposeCatalog(session, realm);
    }

    // --- catalog -------------------------------------------------------------------------------

    @GET
    @Path("purposes")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> purposes() {
        auth.realm().requireViewRealm();
        return ConsentViews.catalog(catalog().notice(), catalog().list());
    }

    @GET
    @Path("purposes/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Purpose purpose(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        return catalog().get(id).orElseThrow(() -> Problems.notFound("no purpose '" + id + "' in this realm"));
    }

    @POST
    @Path("purposes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createPurpose(String body) {
        auth.realm().requireManageRealm();
        Purpose purpose = purposeFrom(body, null);
        if (!catalog().create(purpose)) {
            throw Problems.conflict("purpose '" + purpose.id + "' exists; use PUT to change it");
        }
        adminEvent.operation(OperationType.CREATE).resource(PURPOSE)
                .resourcePath(session.getContext().getUri(), purpose.id).representation(purpose).success();
        return Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(purpose.id).build())
                .entity(purpose).build();
    }

    @PUT
    @Path("purposes/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Purpose updatePurpose(@PathParam("id") String id, String body) {
        auth.realm().requireManageRealm();
        Purpose purpose = purposeFrom(body, id);
        if (!catalog().update(purpose)) {
            throw Problems.notFound("no purpose '" + id + "' in this realm");
        }
        adminEvent.operation(OperationType.UPDATE).resource(PURPOSE)
                .resourcePath(session.getContext().getUri()).representation(purpose).success();
        return purpose;
    }

    @DELETE
    @Path("purposes/{id}")
    public Response deletePurpose(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        if (!catalog().delete(id)) {
            throw Problems.notFound("no purpose '" + id + "' in this realm");
        }
        adminEvent.operation(OperationType.DELETE).resource(PURPOSE)
                .resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    private static Purpose purposeFrom(String body, String pathId) {
        JsonNode node = ConsentRequests.json(body);
        if (!node.isObject()) {
            throw Problems.invalid("a purpose is a JSON object", List.of());
        }
        Purpose purpose;
        try {
            purpose = ConsentRequests.JSON.treeToValue(node, Purpose.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Problems.invalid("the purpose has members of the wrong type", List.of(e.getOriginalMessage()));
        }
        if (pathId != null) {
            if (purpose.id != null && !purpose.id.equals(pathId)) {
                throw Problems.invalid("the id in the body differs from the id in the path", List.of());
            }
            purpose.id = pathId;
        }
        List<String> problems = purpose.problems();
        if (!problems.isEmpty()) {
            throw Problems.invalid("the purpose is not valid", problems);
        }
        return purpose;
    }

    // --- notice --------------------------------------------------------------------------------

    @GET
    @Path("notice")
    @Produces(MediaType.APPLICATION_JSON)
    public Notice notice() {
        auth.realm().requireViewRealm();
        return catalog().notice();
    }

    /**
     * Publishes a notice version: {@code {"version":"2027-01","url":"…","material":true}}. A
     * material change asks every user to decide again at their next browser login.
     */
    @PUT
    @Path("notice")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Notice setNotice(String body) {
        auth.realm().requireManageRealm();
        JsonNode node = ConsentRequests.json(body);
        List<String> errors = new ArrayList<>();
        String version = text(node, "version", errors, true);
        String url = text(node, "url", errors, false);
        JsonNode material = node.get("material");
        if (material != null && !material.isBoolean()) {
            errors.add("'material' must be true or false");
        }
        if (version != null && (version.isBlank() || version.length() > 64)) {
            errors.add("'version' must be 1 to 64 characters");
        }
        if (url != null && !url.matches("https?://\\S+")) {
            errors.add("'url' must be an http(s) URL");
        }
        if (!errors.isEmpty()) {
            throw Problems.invalid("the notice is not valid", errors);
        }
        Notice current = catalog().notice();
        boolean isMaterial = material != null && material.asBoolean();
        Notice next = new Notice(version, url != null ? url : current.url(),
                isMaterial ? version : current.materialVersion());
        catalog().setNotice(next);
        adminEvent.operation(OperationType.UPDATE).resource(NOTICE)
                .resourcePath(session.getContext().getUri()).representation(next).success();
        return next;
    }

    private static String text(JsonNode node, String member, List<String> errors, boolean required) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add("'" + member + "' is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add("'" + member + "' must be a string");
            return null;
        }
        return value.asText();
    }

    // --- users' consent ------------------------------------------------------------------------

    /** The consent registry's resync (realm role {@value ConsentSyncResource#ROLE}, no realm-management role). */
    @Path("sync")
    public ConsentSyncResource sync() {
        return new ConsentSyncResource(session, realm, auth.adminAuth());
    }

    /**
     * Every user's current state, paged by offset (view-users). Deprecated: the resync moved to
     * {@code sync/subjects}, which needs no view-users; kept for one release.
     */
    @Deprecated
    @GET
    @Path("consents")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> consents(@QueryParam("first") @DefaultValue("0") int first,
            @QueryParam("max") @DefaultValue("100") int max) {
        auth.users().requireView();
        if (first < 0 || max < 1 || max > 1000) {
            throw Problems.invalid("first must be ≥ 0 and max between 1 and 1000", List.of());
        }
        ConsentLedger ledger = new ConsentLedger(session, realm);
        long now = System.currentTimeMillis();
        List<Map<String, Object>> page = new ArrayList<>();
        session.users().searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"), first, max)
                .forEach(user -> page.add(ConsentEvents.state(user.getId(), ledger.state(user.getId()),
                        user.getFirstAttribute(ConsentLedger.JURISDICTION_ATTRIBUTE), now)));
        return page;
    }

    @GET
    @Path("users/{id}/consents")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> userConsents(@PathParam("id") String id) {
        UserModel user = user(id, false);
        ConsentState state = new ConsentLedger(session, realm).state(user.getId());
        // the event's state shape, each consent with its method, notice and version, plus granted and lawful
        return ConsentViews.state(user.getId(), state, catalog().list(),
                user.getFirstAttribute(ConsentLedger.JURISDICTION_ATTRIBUTE), System.currentTimeMillis());
    }

    /** Records decisions taken outside the login page on the user's behalf (method {@code admin}). */
    @PUT
    @Path("users/{id}/consents")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> changeUserConsents(@PathParam("id") String id, String body) {
        UserModel user = user(id, true);
        Map<String, Purpose> byId = PrivacyResource.byId(catalog().list());
        List<ConsentLedger.Decision> decisions = ConsentRequests.parse(body, byId, "admin");
        ConsentLedger.Change change = new ConsentLedger(session, realm).append(user, decisions, null, false, false);
        adminEvent.operation(OperationType.ACTION).resource(CONSENT)
                .resourcePath(session.getContext().getUri()).representation(Map.of("v", change.after().version()))
                .success();
        return ConsentViews.state(user.getId(), change.after(), catalog().list(),
                user.getFirstAttribute(ConsentLedger.JURISDICTION_ATTRIBUTE), System.currentTimeMillis());
    }

    @GET
    @Path("users/{id}/consents/history")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> userHistory(@PathParam("id") String id) {
        UserModel user = user(id, false);
        ConsentLedger ledger = new ConsentLedger(session, realm);
        return ConsentViews.history(ledger.state(user.getId()).version(), ledger.history(user.getId()));
    }

    @GET
    @Path("users/{id}/consents/verify")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> verify(@PathParam("id") String id) {
        UserModel user = user(id, false);
        return ConsentViews.verification(new ConsentLedger(session, realm).verify(user.getId()));
    }

    /** Records that the user completed the privacy training now (for example after a classroom session). */
    @POST
    @Path("users/{id}/privacy-training")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> attestTraining(@PathParam("id") String id) {
        UserModel user = user(id, true);
        long at = PrivacyTrainingAction.attest(user);
        adminEvent.operation(OperationType.ACTION).resource(TRAINING)
                .resourcePath(session.getContext().getUri()).representation(Map.of("privacy_training", at)).success();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", user.getId());
        out.put("privacy_training", at);
        return out;
    }

    private UserModel user(String id, boolean manage) {
        UserModel user = session.users().getUserById(realm, id);
        if (user == null) {
            // same answer for "no such user" and "not allowed to know": do not confirm ids
            if (manage) {
                auth.users().requireManage();
            } else {
                auth.users().requireView();
            }
            throw Problems.notFound("no user '" + id + "' in this realm");
        }
        if (manage) {
            auth.users().requireManage(user);
        } else {
            auth.users().requireView(user);
        }
        return user;
    }

    // --- clients' registered purposes ----------------------------------------------------------

    @GET
    @Path("clients/{clientId}/purposes")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> clientPurposes(@PathParam("clientId") String clientId) {
        auth.clients().requireView();
        ClientModel client = client(clientId);
        return Map.of("client_id", client.getClientId(),
                "purposes", TokenPurposes.parse(client.getAttribute(TokenPurposes.CLIENT_ATTRIBUTE)));
    }

    /** Registers the purposes a client may use: {@code {"purposes":["service","support"]}}, each in the catalog. */
    @PUT
    @Path("clients/{clientId}/purposes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> setClientPurposes(@PathParam("clientId") String clientId, String body) {
        auth.clients().requireManage();
        ClientModel client = client(clientId);
        JsonNode node = ConsentRequests.json(body).get("purposes");
        if (node == null || !node.isArray()) {
            throw Problems.invalid("the body must be {\"purposes\":[...]}", List.of());
        }
        Map<String, Purpose> known = PrivacyResource.byId(catalog().list());
        List<String> purposes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || !known.containsKey(item.asText())) {
                errors.add("unknown purpose " + item);
            } else if (!purposes.contains(item.asText())) {
                purposes.add(item.asText());
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.invalid("a client can register only purposes of the catalog", errors);
        }
        client.setAttribute(TokenPurposes.CLIENT_ATTRIBUTE, String.join(" ", purposes));
        adminEvent.operation(OperationType.UPDATE).resource(CLIENT_PURPOSES)
                .resourcePath(session.getContext().getUri()).representation(Map.of("purposes", purposes)).success();
        return Map.of("client_id", client.getClientId(), "purposes", purposes);
    }

    private ClientModel client(String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            throw Problems.notFound("no client '" + clientId + "' in this realm");
        }
        return client;
    }
}
