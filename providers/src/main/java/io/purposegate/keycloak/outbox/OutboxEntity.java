package io.purposegate.keycloak.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A consent event waiting for delivery to the PDP. Written in the same transaction as the ledger
 * change it describes, so an event exists exactly when its change committed; deleted once the
 * PDP acknowledged it or a newer event of the same user (a complete state too) was acknowledged.
 */
@Entity
@Table(name = "PG_CONSENT_OUTBOX")
@NamedQueries({
    @NamedQuery(name = "PurposeGate.outboxNewestDue",
            query = "select o from OutboxEntity o where o.nextAttemptAt <= :now and not exists ("
                    + " select 1 from OutboxEntity e where e.userId = o.userId and e.version > o.version)"
                    + " order by o.createdAt"),
    @NamedQuery(name = "PurposeGate.outboxDeleteUpTo",
            query = "delete from OutboxEntity o where o.userId = :userId and o.version <= :version"),
    @NamedQuery(name = "PurposeGate.outboxAllDue",
            query = "update OutboxEntity o set o.nextAttemptAt = :now where o.nextAttemptAt > :now"),
    @NamedQuery(name = "PurposeGate.outboxOfUser",
            query = "select o from OutboxEntity o where o.userId = :userId order by o.version")
})
public class OutboxEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    /** The user's consent version after the change; the highest pending one supersedes the others. */
    @Column(name = "VERSION", nullable = false)
    private long version;

    @Column(name = "PAYLOAD", nullable = false)
    private String payload;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private long nextAttemptAt;

    @Column(name = "LAST_ERROR", length = 255)
    private String lastError;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public long getVersion() {
        return version;
    }

    public void setVersion(long version) {
        this.version = version;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    public long getNextAttemptAt() {
        return nextAttemptAt;
    }

    public void setNextAttemptAt(long nextAttemptAt) {
        this.nextAttemptAt = nextAttemptAt;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }
}
