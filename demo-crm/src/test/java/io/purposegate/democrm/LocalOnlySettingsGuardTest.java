package io.purposegate.democrm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class LocalOnlySettingsGuardTest {

    @Test
    void productionRefusesAHashKeyTheDemoRealmPublishes() {
        assertThat(LocalOnlySettingsGuard.problems(List.of("prod"), Optional.of("demo-crm-secret"), true))
                .singleElement().asString().contains("purposegate.hash-key").doesNotContain("demo-crm-secret");
    }

    @Test
    void productionRefusesEnforcementSwitchedOff() {
        assertThat(LocalOnlySettingsGuard.problems(List.of("prod"), Optional.empty(), false))
                .singleElement().asString().contains("purposegate.enforcement.enabled=false");
    }

    @Test
    void productionStartsWithItsOwnKeyAndEnforcement() {
        assertThat(LocalOnlySettingsGuard.problems(List.of("prod"), Optional.of("k3y-from-the-vault-0f1e2d"), true)).isEmpty();
        assertThat(LocalOnlySettingsGuard.problems(List.of("prod"), Optional.empty(), true)).isEmpty();
    }

    @Test
    void theLocalStackMayRunTheBenchmarkBaseline() {
        assertThat(LocalOnlySettingsGuard.problems(List.of("local"), Optional.of("pdp-secret"), false)).isEmpty();
    }

    @Test
    void everyClientSecretOfTheDemoRealmIsKnownAsADemoSecret() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(Path.of("../docker/keycloak/demo-realm.json").toFile());
        List<String> secrets = new ArrayList<>();
        realm.path("clients").forEach(client -> {
            if (client.hasNonNull("secret")) {
                secrets.add(client.get("secret").asText());
            }
        });
        assertThat(secrets).isNotEmpty();
        assertThat(LocalOnlySettingsGuard.DEMO_SECRETS).containsAll(secrets);
    }
}
