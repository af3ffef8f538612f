package io.purposegate.keycloak.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A realm's purpose catalog and privacy notice.
 *
 * <p>Purposes live in {@code PG_PURPOSE}; the notice and a catalog revision live in realm
 * attributes, which Keycloak's realm cache keeps (and invalidates across a cluster). Reads for
 * token issuance come from an in-memory copy that is valid for as long as the revision is.
 */
public final class PurposeCatalog {

    public static final String NOTICE_VERSION = "purposegate.notice.version";
    public static final String NOTICE_URL = "purposegate.notice.url";
    public static final String NOTICE_MATERIAL = "purposegate.notice.material";
    public static final String REVISION = "purposegate.catalog.revision";

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private final KeycloakSession session;
    private final RealmModel realm;

    public PurposeCatalog(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Seeds the shipped default catalog and notice into a realm that has never had a catalog. */
    public boolean seedIfNew() {
        if (realm.getAttribute(REVISION) != null) {
            return false;
        }
        DefaultCatalog defaults = DefaultCatalog.get();
        for (Purpose purpose : defaults.purposes()) {
            insert(purpose);
        }
        if (realm.getAttribute(NOTICE_VERSION) == null) {
            setNotice(defaults.notice());
        }
        bumpRevision();
        return true;
    }

    /** All purposes, ordered by id. The returned objects are shared: do not change them. */
    public List<Purpose> list() {
        String revision = realm.getAttribute(REVISION);
        Cached cached = CACHE.get(realm.getId());
        if (cached != null && revision != null && revision.equals(cached.revision)) {
            return cached.purposes;
        }
        List<Purpose> purposes = new ArrayList<>();
        em().createNamedQuery("PurposeGate.purposesOfRealm", PurposeEntity.class)
                .setParameter("realmId", realm.getId())
                .getResultStream()
                .forEach(entity -> {
                    Purpose purpose = Catalogs.fromJson(entity.getDefinition());
                    purpose.id = entity.getPurposeId();
                    purposes.add(purpose);
                });
        List<Purpose> frozen = List.copyOf(purposes);
        if (revision != null) {
            CACHE.put(realm.getId(), new Cached(revision, frozen));
        }
        return frozen;
    }

    public Optional<Purpose> get(String id) {
        return list().stream().filter(p -> p.id.equals(id)).findFirst();
    }

    /** Adds a purpose; false when the id is taken. The caller has validated it. */
    public boolean create(Purpose purpose) {
        if (find(purpose.id) != null) {
            return false;
        }
        insert(purpose);
        bumpRevision();
        return true;
    }

    /** Replaces a purpose; false when it does not exist. */
    public boolean update(Purpose purpose) {
        PurposeEntity entity = find(purpose.id);
        if (entity == null) {
            return false;
        }
        entity.setDefinition(Catalogs.toJson(withoutId(purpose)));
        entity.setUpdatedAt(System.currentTimeMillis());
        bumpRevision();
        return true;
    }

    public boolean delete(String id) {
        PurposeEntity entity = find(id);
        if (entity == null) {
            return false;
        }
        em().remove(entity);
        bumpRevision();
        return true;
    }

    public Notice notice() {
        return new Notice(realm.getAttribute(NOTICE_VERSION), realm.getAttribute(NOTICE_URL),
                realm.getAttribute(NOTICE_MATERIAL));
    }

    public void setNotice(Notice notice) {
        realm.setAttribute(NOTICE_VERSION, notice.version());
        if (notice.url() != null) {
            realm.setAttribute(NOTICE_URL, notice.url());
        }
        if (notice.materialVersion() != null) {
            realm.setAttribute(NOTICE_MATERIAL, notice.materialVersion());
        }
    }

    /** Removes the realm's catalog rows (the realm is being deleted). */
    public static void forgetRealm(EntityManager em, String realmId) {
        em.createNamedQuery("PurposeGate.deletePurposesOfRealm").setParameter("realmId", realmId).executeUpdate();
        CACHE.remove(realmId);
    }

    private PurposeEntity find(String id) {
        return em().createNamedQuery("PurposeGate.purposeById", PurposeEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("purposeId", id)
                .getResultStream()
                .findFirst()
                .orElse(null);
    }

    private void insert(Purpose purpose) {
        PurposeEntity entity = new PurposeEntity();
        entity.setId(UUID.randomUUID().toString());
        entity.setRealmId(realm.getId());
        entity.setPurposeId(purpose.id);
        entity.setDefinition(Catalogs.toJson(withoutId(purpose)));
        entity.setUpdatedAt(System.currentTimeMillis());
        em().persist(entity);
    }

    private static Purpose withoutId(Purpose purpose) {
        Purpose copy = Catalogs.copy(purpose);
        copy.id = null;
        return copy;
    }

    private void bumpRevision() {
        realm.setAttribute(REVISION, UUID.randomUUID().toString());
    }

    private record Cached(String revision, List<Purpose> purposes) {
    }
}
