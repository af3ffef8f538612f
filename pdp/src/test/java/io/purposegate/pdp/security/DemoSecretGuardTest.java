package io.purposegate.pdp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DemoSecretGuardTest {

    @Test
    void productionProfileRefusesTheDemoRealmsPdpSecret() {
        assertThatThrownBy(() -> DemoSecretGuard.refuseDemoSecrets(List.of("prod"), "pdp-secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PURPOSEGATE_CONSENT_CLIENT_SECRET")
                .hasMessageNotContaining("pdp-secret");
    }

    @Test
    void productionProfileStartsWithASuppliedSecret() {
        assertThatCode(() -> DemoSecretGuard.refuseDemoSecrets(List.of("prod"), "a-generated-secret-3f9c"))
                .doesNotThrowAnyException();
    }

    @Test
    void localProfileKeepsTheDemoSecret() {
        assertThatCode(() -> DemoSecretGuard.refuseDemoSecrets(List.of("local"), "pdp-secret"))
                .doesNotThrowAnyException();
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
        assertThat(DemoSecretGuard.DEMO_SECRETS).containsAll(secrets);
    }
}
