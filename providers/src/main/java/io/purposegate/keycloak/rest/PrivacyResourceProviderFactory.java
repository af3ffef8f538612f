package io.purposegate.keycloak.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import io.purposegate.keycloak.spi.StatelessFactory;

/** Mounts {@link PrivacyResource} at {@code /realms/{realm}/privacy}. */
public class PrivacyResourceProviderFactory implements RealmResourceProviderFactory, StatelessFactory<RealmResourceProvider> {

    public static final String ID = "privacy";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new PrivacyResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return ID;
    }
}
