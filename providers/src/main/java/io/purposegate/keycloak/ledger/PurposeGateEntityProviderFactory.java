package io.purposegate.keycloak.ledger;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

import io.purposegate.keycloak.catalog.PurposeEntity;
import io.purposegate.keycloak.outbox.OutboxEntity;

import io.purposegate.keycloak.spi.StatelessFactory;

/** Registers PurposeGate's JPA entities and Liquibase changelog with Keycloak's database. */
public class PurposeGateEntityProviderFactory implements JpaEntityProviderFactory, StatelessFactory<JpaEntityProvider> {

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
}
