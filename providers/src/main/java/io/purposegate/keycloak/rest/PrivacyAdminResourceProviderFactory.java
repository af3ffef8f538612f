package io.purposegate.keycloak.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.purposegate.keycloak.spi.StatelessFactory;

/** Mounts {@link PrivacyAdminResource} at {@code /admin/realms/{realm}/privacy}. */
public class PrivacyAdminResourceProviderFactory implements AdminRealmResourceProviderFactory,
        StatelessFactory<AdminRealmResourceProvider> {

    public static final String ID = "privacy";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth,
                    AdminEventBuilder adminEvent) {
                return new PrivacyAdminResource(s, realm, auth, adminEvent);
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
