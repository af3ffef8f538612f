package io.purposegate.keycloak.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

/** Writes consent events into the outbox table, inside the caller's transaction. */
public final class Outbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Outbox() {
    }

    /**
     * Queues an event. The issuer is taken from the request now (the background sender has no
     * request) and becomes the {@code iss} of the signed event.
     */
    public static void enqueue(KeycloakSession session, EntityManager em, RealmModel realm, String userId, long version,
            Map<String, Object> event) {
        OutboxEntity entity = new OutboxEntity();
        entity.setId(UUID.randomUUID().toString());
        entity.setRealmId(realm.getId());
        entity.setUserId(userId);
        entity.setVersion(version);
        event.put("id", entity.getId());
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("iss", issuer(session, realm));
        stored.put("event", event);
        try {
            entity.setPayload(JSON.writeValueAsString(stored));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long now = System.currentTimeMillis();
        entity.setCreatedAt(now);
        entity.setAttempts(0);
        entity.setNextAttemptAt(now);
        em.persist(entity);
        OutboxDispatcher.wakeAfterCommit(session);
    }

    private static volatile java.net.URI lastBaseUri;

    private static String issuer(KeycloakSession session, RealmModel realm) {
        java.net.URI base = null;
        try {
            if (session.getContext().getUri() != null) {
                base = session.getContext().getUri().getBaseUri();
                lastBaseUri = base;
            }
        } catch (RuntimeException noRequest) {
            // a background task (no HTTP request): use the last base URI this node served
        }
        if (base == null) {
            base = lastBaseUri;
        }
        return base == null ? null : Urls.realmIssuer(base, realm.getName());
    }

    /** Drops a user's undelivered events (the user is being erased; a deletion event follows). */
    public static void forgetUser(EntityManager em, String userId) {
        em.createNamedQuery("PurposeGate.outboxOfUser", OutboxEntity.class)
                .setParameter("userId", userId)
                .getResultStream()
                .forEach(em::remove);
    }
}
