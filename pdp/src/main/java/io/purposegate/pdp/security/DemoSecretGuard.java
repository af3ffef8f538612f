package io.purposegate.pdp.security;

import java.util.List;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.purposegate.pdp.PdpConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start a PDP outside the local profiles with a secret the demo realm publishes: the demo
 * realm's client secrets are in this repository, so a deployment holding one can be impersonated by
 * anyone who read it. The launcher runs the local stack with the profile {@code local}.
 */
@Singleton
public class DemoSecretGuard {

    /** Profiles in which the demo realm's published secrets are expected. */
    static final Set<String> LOCAL_PROFILES = Set.of("local", "dev", "test");

    /** Every client secret of docker/keycloak/demo-realm.json. */
    static final Set<String> DEMO_SECRETS = Set.of("pdp-secret", "demo-crm-secret", "support-console-secret",
            "marketing-app-secret");

    void check(@Observes @Priority(1) StartupEvent start, PdpConfig config) {
        refuseDemoSecrets(ConfigUtils.getProfiles(), config.consent().clientSecret());
    }

    /** @throws IllegalStateException when none of {@code profiles} is local and the secret is a demo one */
    static void refuseDemoSecrets(List<String> profiles, String consentClientSecret) {
        if (profiles.stream().anyMatch(LOCAL_PROFILES::contains)) {
            return;
        }
        if (DEMO_SECRETS.contains(consentClientSecret)) {
            throw new IllegalStateException("purposegate.consent.client-secret is a secret the demo realm publishes:"
                    + " set the PDP client's own secret (PURPOSEGATE_CONSENT_CLIENT_SECRET), or run the local stack"
                    + " with the profile 'local' (bin/purposegate does). Active profiles: " + profiles);
        }
    }
}
