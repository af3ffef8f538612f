package io.purposegate.democrm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start demo-crm outside the local profiles with a setting that is safe only on a laptop:
 * a hash-mask key that this repository publishes (the demo realm's client secrets), or enforcement
 * switched off (the SDK benchmark's baseline). The launcher runs the local stack with the profile
 * {@code local}.
 */
@Singleton
public class LocalOnlySettingsGuard {

    static final Set<String> LOCAL_PROFILES = Set.of("local", "dev", "test");

    /** Every client secret of docker/keycloak/demo-realm.json: public, so never a key. */
    static final Set<String> DEMO_SECRETS = Set.of("pdp-secret", "demo-crm-secret", "support-console-secret",
            "marketing-app-secret");

    private final Optional<String> hashKey;
    private final EnforcementSwitch enforcement;

    LocalOnlySettingsGuard(@ConfigProperty(name = "purposegate.hash-key") Optional<String> hashKey,
            EnforcementSwitch enforcement) {
        this.hashKey = hashKey;
        this.enforcement = enforcement;
    }

    void check(@Observes @Priority(1) StartupEvent start) {
        List<String> problems = problems(ConfigUtils.getProfiles(), hashKey, enforcement.enabled());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("demo-crm refuses to start outside the local profile: "
                    + String.join("; ", problems) + ". Active profiles: " + ConfigUtils.getProfiles());
        }
    }

    /** What is wrong with these settings for the given profiles; empty when demo-crm may start. */
    static List<String> problems(List<String> profiles, Optional<String> hashKey, boolean enforcing) {
        List<String> problems = new ArrayList<>();
        if (profiles.stream().anyMatch(LOCAL_PROFILES::contains)) {
            return problems;
        }
        if (hashKey.filter(DEMO_SECRETS::contains).isPresent()) {
            problems.add("purposegate.hash-key is a secret the demo realm publishes; supply a key of your own");
        }
        if (!enforcing) {
            problems.add("purposegate.enforcement.enabled=false is for the local benchmark's baseline only");
        }
        return problems;
    }
}
