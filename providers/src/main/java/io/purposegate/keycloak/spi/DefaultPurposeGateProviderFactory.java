package io.purposegate.keycloak.spi;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import io.purposegate.keycloak.catalog.PurposeCatalog;
import io.purposegate.keycloak.consent.PrivacyConsentAction;
import io.purposegate.keycloak.consent.PrivacyTrainingAction;
import io.purposegate.keycloak.ledger.ConsentLedger;
import io.purposegate.keycloak.outbox.OutboxDispatcher;

public class DefaultPurposeGateProviderFactory implements PurposeGateProviderFactory {

    public static final String ID = "default";

    private static final Logger LOG = Logger.getLogger(DefaultPurposeGateProviderFactory.class);

    private String pdpUrl;
    private Duration pollInterval;
    private Duration maxBackoff;
    private Duration timeout;
    private OutboxDispatcher dispatcher;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public PurposeGateProvider create(KeycloakSession session) {
        return new PurposeGateProvider() {
            @Override
            public PurposeCatalog catalog(RealmModel realm) {
                return new PurposeCatalog(session, realm);
            }

            @Override
            public ConsentLedger ledger(RealmModel realm) {
                return new ConsentLedger(session, realm);
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        pdpUrl = config.get("pdp-url");
        pollInterval = Duration.ofMillis(config.getLong("poll-interval-millis", 5_000L));
        maxBackoff = Duration.ofSeconds(config.getLong("max-backoff-seconds", 300L));
        timeout = Duration.ofMillis(config.getLong("timeout-millis", 5_000L));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent && dispatcher != null) {
                // the database schema (ours included) is in place only from here on
                dispatcher.start();
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                prepareRealm(created.getKeycloakSession(), created.getCreatedRealm());
            } else if (event instanceof UserModel.UserRemovedEvent removed) {
                new ConsentLedger(removed.getKeycloakSession(), removed.getRealm()).erase(removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            }
        });
        if (pdpUrl == null || pdpUrl.isBlank()) {
            LOG.warn("PurposeGate: no PDP configured (--spi-purposegate--default--pdp-url); consent events are kept in "
                    + "the outbox until one is");
            return;
        }
        dispatcher = new OutboxDispatcher(factory, URI.create(pdpUrl), pollInterval, maxBackoff, timeout);
    }

    /** A new (or imported) realm gets the default catalog and the two required actions, enabled. */
    public static void prepareRealm(KeycloakSession session, RealmModel realm) {
        new PurposeCatalog(session, realm).seedIfNew();
        register(realm, PrivacyConsentAction.ID, "Privacy consent", 100);
        register(realm, PrivacyTrainingAction.ID, "Privacy training attestation", 110);
    }

    private static void register(RealmModel realm, String id, String name, int priority) {
        if (realm.getRequiredActionProviderByAlias(id) != null) {
            return;
        }
        RequiredActionProviderModel model = new RequiredActionProviderModel();
        model.setAlias(id);
        model.setName(name);
        model.setProviderId(id);
        model.setEnabled(true);
        model.setDefaultAction(false);
        model.setPriority(priority);
        realm.addRequiredActionProvider(model);
    }

    private static void forgetRealm(KeycloakSession session, String realmId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        PurposeCatalog.forgetRealm(em, realmId);
        for (String query : List.of("PurposeGate.deleteRecordsOfRealm", "PurposeGate.deleteStatesOfRealm")) {
            em.createNamedQuery(query).setParameter("realmId", realmId).executeUpdate();
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("pdp-url").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Base URL of the PDP that receives consent events (POST {url}/v1/consent-events)").add()
                .property().name("poll-interval-millis").type(ProviderConfigProperty.STRING_TYPE).defaultValue("5000")
                .helpText("How often the outbox retries pending events when nothing wakes it").add()
                .property().name("max-backoff-seconds").type(ProviderConfigProperty.STRING_TYPE).defaultValue("300")
                .helpText("The longest wait between two attempts for one event").add()
                .property().name("timeout-millis").type(ProviderConfigProperty.STRING_TYPE).defaultValue("5000")
                .helpText("Connect and request timeout of one delivery").add()
                .build();
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }
}
