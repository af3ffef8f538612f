package io.purposegate.keycloak.ledger;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import io.purposegate.keycloak.catalog.PurposeEntity;
import io.purposegate.keycloak.outbox.OutboxEntity;

/** Registers PurposeGate's JPA entities and Liquibase changelog with Keycloak's database. */
public class PurposeGateEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "purposegate";

    private static final JpaEntityProvider PROVIDER = new JpaEntityProvider() {
        @Override
        public List<Class<?>> getEntities() {
            return List.of(PurposeEntity.class, ConsentRecordEntity.class, ConsentStateEntity.class, OutboxEntity.class);
        }

        @Override
        public String getChangelogLocation() {
            return "META-INF/purposegate-changelog.xml";
        }

        @Override
        public String getFactoryId() {
            return ID;
        }

        @Override
        public void close() {
        }
    };

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
