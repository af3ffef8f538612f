package io.purposegate.keycloak.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.UserEntity;

import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.catalog.PurposeCatalog;
import io.purposegate.keycloak.outbox.ConsentEvents;
import io.purposegate.keycloak.outbox.Outbox;

/**
 * The append-only consent ledger of a realm.
 *
 * <p>Appends for one user are serialised by a row lock on the user (taken in the caller's
 * transaction), so concurrent changes each see the latest head, versions have no gaps and the
 * hash chain stays valid. The derived current state and the outbox event are written in the same
 * transaction: a change, its state and its event commit together or not at all.
 */
public final class ConsentLedger {

    /** User attribute with the user's jurisdiction (ISO 3166 code, with subdivision: EU, US-CA). */
    public static final String JURISDICTION_ATTRIBUTE = "jurisdiction";

    /**
     * User attribute holding the user's consent version. Keycloak's user cache serves it (and
     * invalidates it across a cluster when a change commits), so a token for an unchanged user
     * needs no database read: {@link #stateForToken} compares it with a node-local copy.
     */
    public static final String VERSION_ATTRIBUTE = "purposegate.consent.v";

    private static final int CACHE_LIMIT = 50_000;
    private static final Map<String, ConsentState> FOR_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, ConsentState.Entry>> ENTRIES = new TypeReference<>() {
    };

    private final KeycloakSession session;
    private final RealmModel realm;

    public ConsentLedger(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** The user's current state; version 0 and no entries when the user never decided. */
    public ConsentState state(String userId) {
        ConsentStateEntity entity = em().find(ConsentStateEntity.class, userId);
        if (entity == null || !realm.getId().equals(entity.getRealmId())) {
            return ConsentState.empty();
        }
        return toState(entity);
    }

    /**
     * The state for token issuance: from memory when the user's version attribute (cached by
     * Keycloak) matches the remembered state, from the ledger head otherwise.
     */
    public ConsentState stateForToken(UserModel user) {
        String attribute = user.getFirstAttribute(VERSION_ATTRIBUTE);
        if (attribute == null) {
            return ConsentState.empty();
        }
        long version;
        try {
            version = Long.parseLong(attribute);
        } catch (NumberFormatException e) {
            return state(user.getId());
        }
        String key = realm.getId() + "/" + user.getId();
        ConsentState remembered = FOR_TOKENS.get(key);
        if (remembered != null && remembered.version() == version) {
            return remembered;
        }
        ConsentState current = state(user.getId());
        if (current.version() == version) {
            if (FOR_TOKENS.size() >= CACHE_LIMIT) {
                FOR_TOKENS.clear();
            }
            FOR_TOKENS.put(key, current);
        }
        return current;
    }

    /** The user's ledger, oldest first. */
    public List<ConsentRecordEntity> history(String userId) {
        return em().createNamedQuery("PurposeGate.recordsOfUser", ConsentRecordEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", userId)
                .getResultList();
    }

    /** Recomputes the user's chain: versions without gaps, each hash over its record and predecessor. */
    public Verification verify(String userId) {
        String prev = Ledgers.GENESIS;
        long expected = 1;
        List<ConsentRecordEntity> records = history(userId);
        for (ConsentRecordEntity record : records) {
            if (record.getVersion() != expected) {
                return Verification.broken(records.size(), record.getVersion(), "version " + expected + " is missing");
            }
            if (!prev.equals(record.getPrevHash())) {
                return Verification.broken(records.size(), record.getVersion(), "previous hash does not match");
            }
            if (!Ledgers.hash(prev, record).equals(record.getHash())) {
                return Verification.broken(records.size(), record.getVersion(), "record was altered");
            }
            prev = record.getHash();
            expected++;
        }
        ConsentStateEntity head = em().find(ConsentStateEntity.class, userId);
        if (head != null && (head.getVersion() != records.size() || !head.getHeadHash().equals(prev))) {
            return Verification.broken(records.size(), head.getVersion(), "the head does not match the last record");
        }
        return Verification.valid(records.size());
    }

    /**
     * Appends the user's decisions. With {@code recordUnchanged} (the consent page) every decision
     * is recorded as proof of what the user confirmed; otherwise only changes are. {@code pageNotice}
     * marks a decision on the full notice, which satisfies a re-consent request.
     */
    public Change append(UserModel user, List<Decision> decisions, String clientId, boolean recordUnchanged,
            boolean pageDecision) {
        EntityManager em = em();
        lockUser(em, user.getId());

        ConsentStateEntity head = em.find(ConsentStateEntity.class, user.getId());
        if (head != null) {
            em.refresh(head);
        }
        ConsentState before = head == null ? ConsentState.empty() : toState(head);
        PurposeCatalog catalog = new PurposeCatalog(session, realm);
        String notice = catalog.notice().version();
        String jurisdiction = user.getFirstAttribute(JURISDICTION_ATTRIBUTE);
        long now = System.currentTimeMillis();

        Map<String, ConsentState.Entry> entries = new HashMap<>(before.entries());
        List<ConsentRecordEntity> appended = new ArrayList<>();
        long version = before.version();
        String prevHash = before.headHash();
        for (Decision decision : decisions) {
            Purpose purpose = catalog.get(decision.purposeId())
                    .orElseThrow(() -> new IllegalArgumentException("unknown purpose " + decision.purposeId()));
            ConsentState.Entry current = entries.get(purpose.id);
            String currentState = current == null ? null : current.stateAt(now);
            String state = decision.grant() ? ConsentState.GIVEN
                    : ConsentState.GIVEN.equals(currentState) ? ConsentState.WITHDRAWN
                    : current != null && ConsentState.WITHDRAWN.equals(currentState) ? ConsentState.WITHDRAWN
                    : ConsentState.REFUSED;
            if (!recordUnchanged && current != null && state.equals(currentState)) {
                continue;
            }
            version++;
            ConsentRecordEntity record = new ConsentRecordEntity();
            record.setId(UUID.randomUUID().toString());
            record.setRealmId(realm.getId());
            record.setUserId(user.getId());
            record.setVersion(version);
            record.setPurposeId(purpose.id);
            record.setState(state);
            record.setNotice(notice);
            record.setMethod(decision.method());
            record.setClientId(clientId);
            record.setJurisdiction(jurisdiction);
            record.setCreatedAt(now);
            long expiry = ConsentState.GIVEN.equals(state) ? Purpose.toMillis(purpose.consentExpiry) : -1;
            record.setExpiresAt(expiry > 0 ? now + expiry : null);
            record.setPrevHash(prevHash);
            record.setHash(Ledgers.hash(prevHash, record));
            em.persist(record);
            appended.add(record);
            prevHash = record.getHash();
            entries.put(purpose.id, new ConsentState.Entry(state, now, record.getExpiresAt(), decision.method(),
                    clientId, notice, version));
        }

        if (appended.isEmpty() && !pageDecision) {
            return new Change(before, before, List.of());
        }
        String stateNotice = pageDecision ? notice : before.notice();
        String material = pageDecision ? catalog.notice().materialVersion() : before.materialNotice();
        if (head == null) {
            head = new ConsentStateEntity();
            head.setUserId(user.getId());
            head.setRealmId(realm.getId());
            writeHead(head, version, prevHash, stateNotice, material, entries, now);
            em.persist(head);
        } else {
            writeHead(head, version, prevHash, stateNotice, material, entries, now);
        }
        ConsentState after = toState(head);
        if (after.version() != before.version()) {
            user.setSingleAttribute(VERSION_ATTRIBUTE, Long.toString(after.version()));
        }
        if (!appended.isEmpty()) {
            Outbox.enqueue(session, em, realm, user.getId(), after.version(),
                    ConsentEvents.changed(user.getId(), before.version(), after, appended, jurisdiction, now));
        }
        return new Change(before, after, appended);
    }

    /**
     * Erasure (GDPR Art. 17): the user's records, state and pending events go; an event tells the
     * PDP to forget the subject. See docs/keycloak.md for why records are deleted, not anonymised.
     */
    public void erase(String userId) {
        EntityManager em = em();
        ConsentStateEntity head = em.find(ConsentStateEntity.class, userId);
        long version = head == null ? 0 : head.getVersion();
        em.createNamedQuery("PurposeGate.deleteRecordsOfUser")
                .setParameter("realmId", realm.getId())
                .setParameter("userId", userId)
                .executeUpdate();
        if (head != null) {
            em.remove(head);
        }
        Outbox.forgetUser(em, userId);
        FOR_TOKENS.remove(realm.getId() + "/" + userId);
        Outbox.enqueue(session, em, realm, userId, version + 1, ConsentEvents.deleted(userId, version, System.currentTimeMillis()));
    }

    private static void lockUser(EntityManager em, String userId) {
        // The user's row is the natural lock for "one writer per user's ledger": it exists before
        // the first record, unlike the ledger head, so two first decisions cannot race.
        em.find(UserEntity.class, userId, LockModeType.PESSIMISTIC_WRITE);
    }

    private static void writeHead(ConsentStateEntity head, long version, String hash, String notice, String material,
            Map<String, ConsentState.Entry> entries, long now) {
        head.setVersion(version);
        head.setHeadHash(hash);
        head.setNotice(notice);
        head.setMaterialNotice(material);
        try {
            head.setSnapshot(JSON.writeValueAsString(new LinkedHashMap<>(entries)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        head.setUpdatedAt(now);
    }

    static ConsentState toState(ConsentStateEntity entity) {
        try {
            Map<String, ConsentState.Entry> entries = JSON.readValue(entity.getSnapshot(), ENTRIES);
            return new ConsentState(entity.getVersion(), entity.getHeadHash(), entity.getNotice(),
                    entity.getMaterialNotice(), entries);
        } catch (IOException e) {
            throw new UncheckedIOException("stored consent state is not valid JSON", e);
        }
    }

    /** One decision: grant or not, and how it was collected. */
    public record Decision(String purposeId, boolean grant, String method) {
    }

    /** The state before and after an append, and the records it added. */
    public record Change(ConsentState before, ConsentState after, List<ConsentRecordEntity> records) {
    }

    /** The result of checking a user's chain. */
    public record Verification(boolean valid, int entries, Long brokenAtVersion, String problem) {
        static Verification valid(int entries) {
            return new Verification(true, entries, null, null);
        }

        static Verification broken(int entries, long version, String problem) {
            return new Verification(false, entries, version, problem);
        }
    }
}
