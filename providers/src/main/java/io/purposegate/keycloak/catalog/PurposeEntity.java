package io.purposegate.keycloak.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A purpose of a realm's catalog; the definition is kept as the catalog's JSON. */
@Entity
@Table(name = "PG_PURPOSE")
@NamedQueries({
    @NamedQuery(name = "PurposeGate.purposesOfRealm",
            query = "select p from PurposeEntity p where p.realmId = :realmId order by p.purposeId"),
    @NamedQuery(name = "PurposeGate.purposeById",
            query = "select p from PurposeEntity p where p.realmId = :realmId and p.purposeId = :purposeId"),
    @NamedQuery(name = "PurposeGate.deletePurposesOfRealm",
            query = "delete from PurposeEntity p where p.realmId = :realmId")
})
public class PurposeEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "PURPOSE_ID", length = 40, nullable = false)
    private String purposeId;

    @Column(name = "DEFINITION", nullable = false)
    private String definition;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

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

    public String getPurposeId() {
        return purposeId;
    }

    public void setPurposeId(String purposeId) {
        this.purposeId = purposeId;
    }

    public String getDefinition() {
        return definition;
    }

    public void setDefinition(String definition) {
        this.definition = definition;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }
}
