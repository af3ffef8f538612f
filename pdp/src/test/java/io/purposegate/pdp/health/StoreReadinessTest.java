package io.purposegate.pdp.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.purposegate.pdp.consent.ConsentRegistry;
import io.purposegate.pdp.consent.FakeKeycloakConsents;
import io.purposegate.pdp.store.Database;
import io.purposegate.pdp.store.TestDatabases;

/** A fresh PDP is not ready until it knows the data subjects; a PDP with a registry from before is. */
class StoreReadinessTest {

    @TempDir
    Path folder;

    Database database;
    FakeKeycloakConsents keycloak;

    @BeforeEach
    void open() {
        database = TestDatabases.h2(folder);
        keycloak = new FakeKeycloakConsents();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private ConsentRegistry registry() {
        return new ConsentRegistry(database, keycloak, true, Duration.ofMillis(200), Duration.ofSeconds(60));
    }

    @Test
    void anEmptyRegistryWaitingForItsFirstResyncIsNotReadyUntilTheResyncSucceeds() throws Exception {
        ConsentRegistry registry = registry();
        StoreReadiness readiness = new StoreReadiness(database, registry, true);

        HealthCheckResponse waiting = readiness.call();
        assertThat(waiting.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(waiting.getData().orElseThrow()).containsKey("consent_registry");

        keycloak.users.put("alice", FakeKeycloakConsents.state("alice", 2, "analytics", "given"));
        registry.resyncAll();
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void aRegistryThatHoldsSubjectsFromBeforeIsReadyWhileTheResyncIsPending() throws Exception {
        keycloak.users.put("alice", FakeKeycloakConsents.state("alice", 2, "analytics", "given"));
        registry().resyncAll();

        // a restart: the new registry has the durable state, its own resync has not run
        StoreReadiness readiness = new StoreReadiness(database, registry(), true);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void withoutResyncOnStartAnEmptyRegistryIsReady() {
        assertThat(new StoreReadiness(database, registry(), false).call().getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }
}
