package io.purposegate.keycloak.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One record of the append-only consent ledger. Never updated: a change of mind is a new record.
 * {@code HASH} chains each record to the user's previous one ({@code PREV_HASH}).
 */
@Entity
@Table(name = "PG_CONSENT_RECORD")
@NamedQueries({
    @NamedQuery(name = "PurposeGate.recordsOfUser",
            query = "select r from ConsentRecordEntity r where r.realmId = :realmId and r.userId = :userId order by r.version"),
    @NamedQuery(name = "PurposeGate.deleteRecordsOfUser",
            query = "delete from ConsentRecordEntity r where r.realmId = :realmId and r.userId = :userId"),
    @NamedQuery(name = "PurposeGate.deleteRecordsOfRealm",
            query = "delete from ConsentRecordEntity r where r.realmId = :realmId")
})
public class ConsentRecordEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    /** The user's consent version after this record: 1, 2, 3, … without gaps. */
    @Column(name = "VERSION", nullable = false)
    private long version;

    @Column(name = "PURPOSE_ID", length = 40, nullable = false)
    private String purposeId;

    @Column(name = "STATE", length = 16, nullable = false)
    private String state;

    @Column(name = "NOTICE", length = 64)
    private String notice;

    @Column(name = "METHOD", length = 32, nullable = false)
    private String method;

    @Column(name = "CLIENT_ID", length = 255)
    private String clientId;

    @Column(name = "JURISDICTION", length = 16)
    private String jurisdiction;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "EXPIRES_AT")
    private Long expiresAt;

    @Column(name = "PREV_HASH", length = 64, nullable = false)
    private String prevHash;

    @Column(name = "HASH", length = 64, nullable = false)
    private String hash;

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

    public String getPurposeId() {
        return purposeId;
    }

    public void setPurposeId(String purposeId) {
        this.purposeId = purposeId;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getNotice() {
        return notice;
    }

    public void setNotice(String notice) {
        this.notice = notice;
    }

    public String getMethod() {
        return method;
    }

    public void setMethod(String method) {
        this.method = method;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getJurisdiction() {
        return jurisdiction;
    }

    public void setJurisdiction(String jurisdiction) {
        this.jurisdiction = jurisdiction;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    public String getPrevHash() {
        return prevHash;
    }

    public void setPrevHash(String prevHash) {
        this.prevHash = prevHash;
    }

    public String getHash() {
        return hash;
    }

    public void setHash(String hash) {
        this.hash = hash;
    }
}
