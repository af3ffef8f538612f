package io.purposegate.keycloak.outbox;

import java.util.List;

import jakarta.persistence.EntityManager;

/** The outbox table ({@code PG_CONSENT_OUTBOX}) as an {@link OutboxQueue}, inside the caller's transaction. */
final class JpaOutboxQueue implements OutboxQueue {

    private final EntityManager em;

    JpaOutboxQueue(EntityManager em) {
        this.em = em;
    }

    @Override
    public List<Pending> heads(long now, int max) {
        return em.createNamedQuery("PurposeGate.outboxNewestDue", OutboxEntity.class)
                .setParameter("now", now)
                .setMaxResults(max)
                .getResultStream()
                .map(e -> new Pending(e.getId(), e.getRealmId(), e.getUserId(), e.getVersion(), e.getAttempts()))
                .toList();
    }

    /** The payload (issuer and event) of a pending event, or null when it is gone meanwhile. */
    String payload(Pending event) {
        OutboxEntity entity = em.find(OutboxEntity.class, event.id());
        return entity == null ? null : entity.getPayload();
    }

    @Override
    public void delivered(Pending event) {
        em.flush();
        em.createNamedQuery("PurposeGate.outboxDeleteUpTo")
                .setParameter("userId", event.userId())
                .setParameter("version", event.version())
                .executeUpdate();
    }

    @Override
    public void refused(Pending event, int attempts, long nextAttemptAt, String error) {
        note(event, attempts, nextAttemptAt, error);
    }

    @Override
    public void unavailable(Pending event, int attempts, String error) {
        note(event, attempts, null, error);
    }

    private void note(Pending event, int attempts, Long nextAttemptAt, String error) {
        OutboxEntity entity = em.find(OutboxEntity.class, event.id());
        if (entity == null) {
            return; // delivered by another node meanwhile
        }
        entity.setAttempts(attempts);
        if (nextAttemptAt != null) {
            entity.setNextAttemptAt(nextAttemptAt);
        }
        entity.setLastError(error);
    }

    @Override
    public int retryAllNow(long now) {
        em.flush();
        return em.createNamedQuery("PurposeGate.outboxAllDue").setParameter("now", now).executeUpdate();
    }
}
