package io.purposegate.pdp.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.purposegate.pdp.store.Database;

/** What the consent registry guarantees, on each database it runs on. */
abstract class ConsentRegistryContract {

    Database database;
    FakeKeycloakConsents keycloak;
    ConsentRegistry registry;

    abstract Database openDatabase();

    @BeforeEach
    void open() {
        database = openDatabase();
        keycloak = new FakeKeycloakConsents();
        registry = new ConsentRegistry(database, keycloak, true, Duration.ofMillis(200), Duration.ofSeconds(60));
    }

    @AfterEach
    void close() {
        registry.close();
        database.close();
    }

    static ConsentEvent changed(String user, long v, Long previousV, String purpose, String state) {
        SubjectState s = FakeKeycloakConsents.state(user, v, purpose, state);
        return new ConsentEvent("e-" + user + "-" + v, ConsentEvent.CHANGED, user, v, previousV, "2026-11-29T10:00:00Z",
                s.jurisdiction(), s.notice(), s.consents(), Map.of("restricted", true), List.of());
    }

    @SuppressWarnings("unchecked")
    static String consentState(Map<String, Object> subject, String purpose) {
        Map<String, Object> consents = (Map<String, Object>) subject.get("consents");
        Map<String, Object> consent = (Map<String, Object>) consents.get(purpose);
        return consent == null ? null : (String) consent.get("state");
    }

    @Test
    void everyVersionChangeIsReportedToTheChangeFeedAndNothingElse() throws Exception {
        ConsentChanges changes = registry.changes();
        String start = changes.cursor();
        registry.apply(changed("alice", 1, 0L, "analytics", "given"));
        registry.apply(changed("alice", 1, 0L, "analytics", "given")); // stale: no change
        registry.apply(changed("alice", 2, 1L, "analytics", "withdrawn"));
        keycloak.users.put("alice", FakeKeycloakConsents.state("alice", 2, "analytics", "withdrawn"));
        keycloak.users.put("bob", FakeKeycloakConsents.state("bob", 5, "marketing", "refused"));
        registry.resyncAll(); // bob is new, alice unchanged
        registry.resyncAll(); // nothing new
        registry.apply(new ConsentEvent("e-del", ConsentEvent.DELETED, "alice", 3L, 2L, "2026-11-29T10:00:00Z",
                null, null, Map.of(), null, List.of()));

        assertThat(changes.after(start).changes()).containsExactly(
                new ConsentChanges.Change("alice", 1), new ConsentChanges.Change("alice", 2),
                new ConsentChanges.Change("bob", 5), new ConsentChanges.Change("alice", 3));
    }

    @Test
    void withdrawalReplacesTheGivenConsent() throws Exception {
        assertThat(registry.apply(changed("alice", 1, 0L, "analytics", "given"))).isEqualTo(ConsentRegistry.Outcome.APPLIED);
        assertThat(registry.apply(changed("alice", 2, 1L, "analytics", "withdrawn"))).isEqualTo(ConsentRegistry.Outcome.APPLIED);

        Map<String, Object> subject = registry.policyInput("alice");
        assertThat(subject).containsEntry("known", true).containsEntry("v", 2L).containsEntry("jurisdiction", "EU");
        assertThat(consentState(subject, "analytics")).isEqualTo("withdrawn");
        @SuppressWarnings("unchecked")
        Map<String, Object> rights = (Map<String, Object>) subject.get("rights");
        assertThat(rights).containsEntry("restricted", true)
                .containsEntry("erasure_pending", false);
    }

    @Test
    void olderAndDuplicateEventsAreAcknowledgedAndIgnored() throws Exception {
        registry.apply(changed("alice", 3, 2L, "analytics", "withdrawn"));

        assertThat(registry.apply(changed("alice", 3, 2L, "analytics", "withdrawn"))).isEqualTo(ConsentRegistry.Outcome.STALE);
        assertThat(registry.apply(changed("alice", 2, 1L, "analytics", "given"))).isEqualTo(ConsentRegistry.Outcome.STALE);
        assertThat(consentState(registry.policyInput("alice"), "analytics")).isEqualTo("withdrawn");
    }

    @Test
    void gapInVersionsAppliesTheSnapshotAndResyncsTheSubject() throws Exception {
        registry.apply(changed("alice", 1, 0L, "analytics", "given"));
        keycloak.users.put("alice", FakeKeycloakConsents.state("alice", 5, "analytics", "refused"));

        assertThat(registry.apply(changed("alice", 4, 3L, "analytics", "withdrawn")))
                .isEqualTo(ConsentRegistry.Outcome.APPLIED_AFTER_GAP);

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (registry.version("alice") != 5 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(registry.version("alice")).isEqualTo(5);
        assertThat(consentState(registry.policyInput("alice"), "analytics")).isEqualTo("refused");
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        registry.apply(changed("alice", 2, 1L, "analytics", "withdrawn"));
        registry.close();
        keycloak.down = true;

        registry = new ConsentRegistry(database, keycloak, true, Duration.ofMillis(200), Duration.ofSeconds(60));

        assertThat(consentState(registry.policyInput("alice"), "analytics")).isEqualTo("withdrawn");
        assertThat(registry.version("alice")).isEqualTo(2);
    }

    @Test
    void deletedUserIsForgottenAndStaleEventsCannotReviveIt() throws Exception {
        registry.apply(changed("alice", 2, 1L, "analytics", "given"));
        registry.apply(new ConsentEvent("e-del", ConsentEvent.DELETED, "alice", 3L, 2L, "2026-11-29T10:00:00Z", null, null,
                Map.of(), null, List.of()));

        assertThat(registry.apply(changed("alice", 2, 1L, "analytics", "given"))).isEqualTo(ConsentRegistry.Outcome.STALE);
        assertThat(registry.policyInput("alice")).containsEntry("known", false).containsEntry("consents", Map.of());
    }

    @Test
    void fullResyncTakesNewerStatesAndForgetsUsersKeycloakNoLongerHas() throws Exception {
        registry.apply(changed("gone", 1, 0L, "analytics", "given"));
        registry.apply(changed("alice", 7, 6L, "analytics", "withdrawn"));
        keycloak.users.put("alice", FakeKeycloakConsents.state("alice", 6, "analytics", "given"));
        for (int i = 0; i < 150; i++) {
            keycloak.users.put("user-" + i, FakeKeycloakConsents.state("user-" + i, i, "analytics", "given"));
        }

        assertThat(registry.resyncAll()).isEqualTo(151);

        assertThat(registry.version("user-149")).isEqualTo(149);
        assertThat(consentState(registry.policyInput("alice"), "analytics")).as("the registry's newer state wins").isEqualTo("withdrawn");
        assertThat(registry.current("gone")).isEmpty();
        assertThat(keycloak.pageCalls.get()).isEqualTo(2);
    }

    @Test
    void unknownSubjectIsDecidedUnknownThenFetchedInTheBackgroundAndAMissIsRemembered() throws Exception {
        keycloak.users.put("bob", FakeKeycloakConsents.state("bob", 4, "analytics", "given"));

        assertThat(registry.policyInput("bob")).as("the decision path never waits for Keycloak").containsEntry("known", false);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (registry.version("bob") != 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(registry.policyInput("bob")).containsEntry("known", true).containsEntry("v", 4L);
        for (int i = 0; i < 10; i++) {
            assertThat(registry.policyInput("nobody")).containsEntry("known", false);
        }
        deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (keycloak.oneCalls.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);

        assertThat(keycloak.oneCalls.get()).as("one fetch per subject, the miss remembered").isEqualTo(2);
    }

    static ConsentEvent deleted(String user, long v) {
        return new ConsentEvent("e-del-" + user + "-" + v, ConsentEvent.DELETED, user, v, v - 1, "2026-11-29T10:00:00Z",
                null, null, Map.of(), null, List.of());
    }

    @Test
    void aResyncPageReadBeforeAnEventCannotOverwriteTheNewerStateTheEventBrought() throws Exception {
        keycloak.users.put("alice", FakeKeycloakConsents.state("alice", 5, "analytics", "given"));
        keycloak.afterPageRead = () -> {
            keycloak.afterPageRead = () -> {
            };
            keycloak.users.put("alice", FakeKeycloakConsents.state("alice", 6, "analytics", "withdrawn"));
            registry.apply(changed("alice", 6, 5L, "analytics", "withdrawn"));
        };

        registry.resyncAll();

        assertThat(registry.version("alice")).isEqualTo(6);
        assertThat(consentState(registry.policyInput("alice"), "analytics")).isEqualTo("withdrawn");
    }

    @Test
    void anEventOlderThanWhatTheResyncReadIsStale() throws Exception {
        keycloak.users.put("alice", FakeKeycloakConsents.state("alice", 6, "analytics", "withdrawn"));
        registry.resyncAll();

        assertThat(registry.apply(changed("alice", 5, 4L, "analytics", "given"))).isEqualTo(ConsentRegistry.Outcome.STALE);
        assertThat(consentState(registry.policyInput("alice"), "analytics")).isEqualTo("withdrawn");
    }

    @Test
    void aSubjectAnEventBroughtDuringAResyncIsNotForgottenByIt() throws Exception {
        keycloak.users.put("bob", FakeKeycloakConsents.state("bob", 1, "analytics", "given"));
        keycloak.afterPageRead = () -> {
            keycloak.afterPageRead = () -> {
            };
            registry.apply(changed("carol", 1, 0L, "analytics", "given")); // carol's first decision, after the page
            keycloak.down = true; // and Keycloak cannot be asked about her either
        };

        registry.resyncAll();

        assertThat(registry.policyInput("carol")).containsEntry("known", true).containsEntry("v", 1L);
    }

    @Test
    void anErasureDuringAResyncIsNotUndoneByAPageReadBeforeIt() throws Exception {
        registry.apply(changed("alice", 3, 2L, "analytics", "given"));
        keycloak.users.put("alice", FakeKeycloakConsents.state("alice", 3, "analytics", "given"));
        keycloak.afterPageRead = () -> {
            keycloak.afterPageRead = () -> {
            };
            keycloak.users.remove("alice");
            assertThat(registry.apply(deleted("alice", 4))).isEqualTo(ConsentRegistry.Outcome.FORGOTTEN);
        };

        registry.resyncAll();

        assertThat(registry.policyInput("alice")).containsEntry("known", false);
        assertThat(registry.version("alice")).isEqualTo(4);
        assertThat(registry.apply(changed("alice", 3, 2L, "analytics", "given"))).isEqualTo(ConsentRegistry.Outcome.STALE);
    }

    @Test
    void aSubjectThePagesSkippedIsKeptWhenKeycloakStillHasIt() throws Exception {
        registry.apply(changed("dave", 2, 1L, "analytics", "given"));
        keycloak.users.put("dave", FakeKeycloakConsents.state("dave", 2, "analytics", "given"));
        keycloak.skippedByPages.add("dave");

        registry.resyncAll();

        assertThat(registry.policyInput("dave")).containsEntry("known", true).containsEntry("v", 2L);
    }

    @Test
    void aReplicaCannotOverwriteTheNewerStateAnotherReplicaStored() throws Exception {
        registry.apply(changed("alice", 3, 2L, "analytics", "given"));
        try (ConsentRegistry replica = new ConsentRegistry(database, keycloak, false, Duration.ofMillis(200),
                Duration.ofSeconds(60))) {
            // the outbox reached this replica with the withdrawal
            assertThat(replica.apply(changed("alice", 5, 3L, "analytics", "withdrawn"))).isEqualTo(ConsentRegistry.Outcome.APPLIED);
        }
        // the other one resyncs from a page read before it
        keycloak.users.put("alice", FakeKeycloakConsents.state("alice", 4, "analytics", "given"));
        registry.resyncAll();

        assertThat(registry.version("alice")).as("memory takes the newer stored state").isEqualTo(5);
        assertThat(consentState(registry.policyInput("alice"), "analytics")).isEqualTo("withdrawn");
        registry.close();
        registry = new ConsentRegistry(database, keycloak, false, Duration.ofMillis(200), Duration.ofSeconds(60));
        assertThat(consentState(registry.policyInput("alice"), "analytics")).as("and so does the store").isEqualTo("withdrawn");
    }
}
