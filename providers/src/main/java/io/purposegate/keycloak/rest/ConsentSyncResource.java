package io.purposegate.keycloak.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

import io.purposegate.keycloak.ledger.ConsentLedger;
import io.purposegate.keycloak.outbox.ConsentEvents;

/**
 * {@code /admin/realms/{realm}/privacy/sync}: what a PDP's consent registry resyncs from, and nothing
 * more: per subject the state a consent event carries (docs/interfaces.md §3, §4), never a name or an
 * e-mail address. Needs the realm role {@value #ROLE}, which grants nothing else, so the PDP's service
 * account needs no realm-management role.
 */
public class ConsentSyncResource {

    /** The realm role a consent registry's service account holds. */
    public static final String ROLE = "purposegate-consent-sync";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAuth caller;

    ConsentSyncResource(KeycloakSession session, RealmModel realm, AdminAuth caller) {
        this.session = session;
        this.realm = realm;
        this.caller = caller;
    }

    /** Every user's state (service accounts left out), in user-id order, {@code limit} at a time. */
    @GET
    @Path("subjects")
    @Produces(MediaType.APPLICATION_JSON)
    public SubjectPage subjects(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        requireRole();
        String after = SyncPaging.after(cursor);
        int size = SyncPaging.limit(limit);
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<String> ids = em.createQuery("select u.id from UserEntity u where u.realmId = :realm"
                + " and u.serviceAccountClientLink is null and u.id > :after order by u.id", String.class)
                .setParameter("realm", realm.getId()).setParameter("after", after)
                .setMaxResults(size + 1).getResultList();
        ConsentLedger ledger = new ConsentLedger(session, realm);
        long now = System.currentTimeMillis();
        List<Map<String, Object>> subjects = new ArrayList<>();
        for (String id : ids.subList(0, Math.min(size, ids.size()))) {
            UserModel user = session.users().getUserById(realm, id);
            if (user != null) {
                subjects.add(state(ledger, user, now));
            }
        }
        return new SubjectPage(subjects, ids.size() > size ? SyncPaging.cursorAfter(ids.get(size - 1)) : null);
    }

    /** One user's state; 404 for an id the realm does not have (only a holder of the role learns that). */
    @GET
    @Path("subjects/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> subject(@PathParam("id") String id) {
        requireRole();
        UserModel user = session.users().getUserById(realm, id);
        if (user == null || user.getServiceAccountClientLink() != null) {
            throw Problems.notFound("no subject '" + id + "' in this realm");
        }
        return state(new ConsentLedger(session, realm), user, System.currentTimeMillis());
    }

    private static Map<String, Object> state(ConsentLedger ledger, UserModel user, long now) {
        return ConsentEvents.state(user.getId(), ledger.state(user.getId()),
                user.getFirstAttribute(ConsentLedger.JURISDICTION_ATTRIBUTE), now);
    }

    private void requireRole() {
        // a token of another realm (the master realm's administrator too) cannot hold this realm's role
        if (caller == null || !caller.getRealm().getId().equals(realm.getId()) || !caller.hasRealmRole(ROLE)) {
            throw Problems.forbidden("the consent resync needs the realm role " + ROLE);
        }
    }

    /** A page of the resync: {@code next} continues it, absent on the last page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubjectPage(List<Map<String, Object>> subjects, String next) {
    }
}
