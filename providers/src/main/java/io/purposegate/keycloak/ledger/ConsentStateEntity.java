package io.purposegate.keycloak.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * The head of a user's ledger: the current version, the last hash, and the current state per
 * purpose as JSON. Derived from the ledger in the same transaction as every append, so a token
 * needs one primary-key read instead of replaying the ledger.
 */
@Entity
@Table(name = "PG_CONSENT_STATE")
@NamedQueries({
    @NamedQuery(name = "PurposeGate.deleteStatesOfRealm",
            query = "delete from ConsentStateEntity s where s.realmId = :realmId")
})
public class ConsentStateEntity {

    @Id
    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "VERSION", nullable = false)
    private long version;

    @Column(name = "HEAD_HASH", length = 64, nullable = false)
    private String headHash;

    /** The notice version the user last decided under on the consent page. */
    @Column(name = "NOTICE", length = 64)
    private String notice;

    /** The realm's last material notice version when the user last decided. */
    @Column(name = "MATERIAL_NOTICE", length = 64)
    private String materialNotice;

    @Column(name = "SNAPSHOT", nullable = false)
    private String snapshot;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public long getVersion() {
        return version;
    }

    public void setVersion(long version) {
        this.version = version;
    }

    public String getHeadHash() {
        return headHash;
    }

    public void setHeadHash(String headHash) {
        this.headHash = headHash;
    }

    public String getNotice() {
        return notice;
    }

    public void setNotice(String notice) {
        this.notice = notice;
    }

    public String getMaterialNotice() {
        return materialNotice;
    }

    public void setMaterialNotice(String materialNotice) {
        this.materialNotice = materialNotice;
    }

    public String getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(String snapshot) {
        this.snapshot = snapshot;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }
}
