package io.purposegate.pdp.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.purposegate.pdp.store.Database;

/** What the decision log guarantees, on each database it runs on. */
abstract class DecisionLogContract {

    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    Database database;
    DecisionLog log;

    abstract Database openDatabase();

    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    CheckpointKey checkpointKey;

    /** The log on {@code database}, on the write path the test class covers (direct unless overridden). */
    DecisionLog openLog() {
        return new DecisionLog(database, 64, Duration.ofSeconds(5), null, true, Duration.ZERO, metrics, checkpointKey);
    }

    double setAsideCounted() {
        return metrics.counter(DecisionLog.SET_ASIDE_METRIC).count();
    }

    /** Makes the store that makes entries durable refuse the next write. */
    void breakDurableStore() throws Exception {
        database.withConnection(connection -> {
            try (PreparedStatement drop = connection.prepareStatement("DROP TABLE decision_log")) {
                return drop.executeUpdate();
            }
        });
    }

    @BeforeEach
    void open() throws Exception {
        Path keys = Files.createTempDirectory("checkpoint-key");
        checkpointKey = CheckpointKey.loadOrCreate(keys.resolve("key.json"));
        database = openDatabase();
        log = openLog();
    }

    @AfterEach
    void close() {
        log.close();
        database.close();
    }

    static LoggedDecision decision(Instant time, String client, String user, String subject, boolean allow) {
        return new LoggedDecision(UUID.randomUUID().toString(), time.toString(),
                new LoggedDecision.Actor(client, user, "sam", List.of("support-agent")), subject, "support", "read",
                new LoggedDecision.Resource("customer", "c-1"),
                new LoggedDecision.Fields(List.of("name", "phone", "address"), List.of("name"), Map.of("phone", "last4"),
                        List.of("address")),
                allow, allow ? List.of() : List.of(new LoggedDecision.Reason("purpose.not_in_token", "no")), "rev-1");
    }

    @Test
    void recordedDecisionsAreFoundBySubjectAndByActorOldestFirst() throws Exception {
        log.record(decision(T0.plusSeconds(2), "support-console", "sam-id", "alice", true));
        log.record(decision(T0.plusSeconds(1), "support-console", "sam-id", "alice", false));
        log.record(decision(T0.plusSeconds(3), "crm-web", "mia-id", "bob", true));

        DecisionLog.Page alice = log.bySubject("alice", T0, T0.plusSeconds(60), null, 10);
        assertThat(alice.decisions()).extracting(LoggedDecision::time)
                .containsExactly(T0.plusSeconds(1).toString(), T0.plusSeconds(2).toString());
        assertThat(alice.next()).isNull();
        LoggedDecision first = alice.decisions().get(0);
        assertThat(first.fields().masked()).containsEntry("phone", "last4");
        assertThat(first.reasons()).extracting(LoggedDecision.Reason::code).containsExactly("purpose.not_in_token");
        assertThat(first.actor().clientId()).isEqualTo("support-console");

        assertThat(log.byActor("mia-id", T0, T0.plusSeconds(60), null, 10).decisions()).extracting(LoggedDecision::subject)
                .containsExactly("bob");
        assertThat(log.byActor("support-console", T0, T0.plusSeconds(60), null, 10).decisions()).hasSize(2);
        assertThat(log.bySubject("alice", T0.plusSeconds(2), T0.plusSeconds(3), null, 10).decisions()).hasSize(1);
    }

    @Test
    void pagesCoverEveryEntryOnceInOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            LoggedDecision d = decision(T0.plusMillis(i / 3), "support-console", "sam-id", "alice", true);
            ids.add(d.decisionId());
            log.record(d);
        }
        List<String> seen = new ArrayList<>();
        DecisionLog.Cursor cursor = null;
        int pages = 0;
        do {
            DecisionLog.Page page = log.bySubject("alice", T0, T0.plusSeconds(1), cursor, 10);
            page.decisions().forEach(d -> seen.add(d.decisionId()));
            cursor = page.next() == null ? null : DecisionLog.Cursor.decode(page.next().encode());
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void chainVerifiesAndSurvivesARestart() throws Exception {
        for (int i = 0; i < 5; i++) {
            log.record(decision(T0.plusSeconds(i), "support-console", "sam-id", "alice", true));
        }
        log.close();
        log = openLog();
        log.record(decision(T0.plusSeconds(9), "support-console", "sam-id", "alice", true));

        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(6);
    }

    @Test
    void alteredEntryBreaksTheChainAtThatEntry() throws Exception {
        for (int i = 0; i < 5; i++) {
            log.record(decision(T0.plusSeconds(i), "support-console", "sam-id", "alice", i != 2));
        }
        log.flush();
        database.withConnection(connection -> {
            try (PreparedStatement tamper = connection.prepareStatement(
                    "UPDATE decision_log SET entry = REPLACE(entry, '\"allow\":false', '\"allow\":true') WHERE seq = 3")) {
                return tamper.executeUpdate();
            }
        });

        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isFalse();
        assertThat(verification.brokenAtSeq()).isEqualTo(3);
        assertThat(verification.entries()).isEqualTo(2);
    }

    @Test
    void deletedEntryBreaksTheChain() throws Exception {
        for (int i = 0; i < 4; i++) {
            log.record(decision(T0.plusSeconds(i), "support-console", "sam-id", "alice", true));
        }
        log.flush();
        database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM decision_log WHERE seq = 2")) {
                return delete.executeUpdate();
            }
        });

        assertThat(log.verify().valid()).isFalse();
        assertThat(log.verify().brokenAtSeq()).isEqualTo(3);
    }

    @Test
    void retentionDeletesOldEntriesAndTheRestStillVerifies() throws Exception {
        for (int i = 0; i < 6; i++) {
            log.record(decision(T0.plusSeconds(i * 10L), "support-console", "sam-id", "alice", true));
        }

        assertThat(log.deleteBefore(T0.plusSeconds(25))).isEqualTo(3);
        log.record(decision(T0.plusSeconds(70), "support-console", "sam-id", "alice", true));

        assertThat(log.bySubject("alice", T0, T0.plusSeconds(100), null, 100).decisions()).hasSize(4);
        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(4);
    }

    @Test
    void concurrentDecisionsAllLandInOneChain() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            done.add(callers.submit(() -> {
                log.record(decision(T0.plusMillis(n), "support-console", "sam-id", "s" + (n % 7), true));
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        callers.shutdown();

        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(400);
    }

    @Test
    void aBatchIsRecordedInOrderBetweenSingleDecisionsAndTheChainHolds() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        List<List<LoggedDecision>> batches = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            List<LoggedDecision> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) { // 100 entries: more than the group size of 64 of this log
                batch.add(decision(T0.plusMillis(b), "marketing-app", "mia-id", "batch-" + b + "-" + i, i % 3 != 0));
            }
            batches.add(batch);
            done.add(callers.submit(() -> {
                log.recordAll(batch);
                return null;
            }));
            int n = b;
            done.add(callers.submit(() -> {
                log.record(decision(T0.plusMillis(n), "support-console", "sam-id", "single", true));
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        callers.shutdown();

        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(12 * 101);
        List<String> byActor = new ArrayList<>();
        DecisionLog.Cursor cursor = null;
        do {
            DecisionLog.Page page = log.byActor("mia-id", T0, T0.plusSeconds(1), cursor, 100);
            page.decisions().forEach(d -> byActor.add(d.decisionId()));
            cursor = page.next();
        } while (cursor != null);
        assertThat(byActor).hasSize(1200);
        for (List<LoggedDecision> batch : batches) {
            // each batch's entries are consecutive and in the batch's order
            int first = byActor.indexOf(batch.get(0).decisionId());
            assertThat(byActor.subList(first, first + batch.size()))
                    .containsExactlyElementsOf(batch.stream().map(LoggedDecision::decisionId).toList());
        }
        assertThat(log.bySubject("batch-3-7", T0, T0.plusSeconds(1), null, 10).decisions())
                .extracting(LoggedDecision::decisionId).containsExactly(batches.get(3).get(7).decisionId());
    }

    @Test
    void aFailedBatchWriteIsReportedForTheWholeBatch() throws Exception {
        log.record(decision(T0, "support-console", "sam-id", "alice", true));
        breakDurableStore();

        assertThatThrownBy(() -> log.recordAll(List.of(decision(T0.plusSeconds(1), "marketing-app", "mia-id", "a", true),
                decision(T0.plusSeconds(1), "marketing-app", "mia-id", "b", true))))
                .isInstanceOf(DecisionLogUnavailableException.class);
    }

    @Test
    void failedWriteIsReportedNotPretended() throws Exception {
        log.record(decision(T0, "support-console", "sam-id", "alice", true));
        breakDurableStore();

        assertThatThrownBy(() -> log.record(decision(T0.plusSeconds(1), "support-console", "sam-id", "alice", true)))
                .isInstanceOf(DecisionLogUnavailableException.class);
    }

    static LoggedDecision withSubject(Instant time, String subject) {
        return decision(time, "support-console", "sam-id", subject, true);
    }

    @Test
    void anEntryWhoseSubjectNoColumnHoldsIsSetAsideAndNothingElseStops() throws Exception {
        log.record(withSubject(T0, "alice"));
        LoggedDecision poison = withSubject(T0.plusSeconds(1), "o".repeat(300));
        log.record(poison); // acknowledged: it is in the chain
        log.record(withSubject(T0.plusSeconds(2), "alice"));

        assertThat(log.bySubject("alice", T0, T0.plusSeconds(60), null, 10).decisions()).hasSize(2);
        assertThat(log.byActor("sam-id", T0, T0.plusSeconds(60), null, 10).decisions()).extracting(LoggedDecision::decisionId)
                .doesNotContain(poison.decisionId()).hasSize(2);
        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(3);
        assertThat(verification.setAside()).isEqualTo(1);
        assertThat(verification.setAsideEntries()).containsExactly(new SetAside(2, poison.decisionId(), "subject.length"));
        assertThat(setAsideCounted()).isEqualTo(1.0);

        log.close();
        log = openLog(); // a restart goes on after the set-aside entry
        log.record(withSubject(T0.plusSeconds(3), "alice"));
        assertThat(log.verify().entries()).isEqualTo(4);
        assertThat(log.verify().valid()).isTrue();
    }

    @Test
    void nulCharactersAndLoneSurrogatesAreSetAsideOnEveryDatabaseAlike() throws Exception {
        log.record(withSubject(T0, "ali\u0000ce"));
        log.record(decision(T0.plusSeconds(1), "support-console", "sam\uD800", "bob", true));
        log.record(decision(T0.plusSeconds(2), "support-console", "sam-id", "bob", true));

        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.setAsideEntries()).extracting(SetAside::reason).containsExactly("subject.nul", "actor.user_id.unicode");
        assertThat(log.bySubject("bob", T0, T0.plusSeconds(60), null, 10).decisions()).hasSize(1);
    }

    @Test
    void aBatchWithOneEntryTheDatabaseRefusesKeepsTheOthersIndexedInOrder() throws Exception {
        List<LoggedDecision> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(withSubject(T0.plusMillis(i), i == 2 ? "x".repeat(256) : "carol"));
        }
        log.recordAll(batch);

        assertThat(log.bySubject("carol", T0, T0.plusSeconds(1), null, 10).decisions()).extracting(LoggedDecision::decisionId)
                .containsExactly(batch.get(0).decisionId(), batch.get(1).decisionId(), batch.get(3).decisionId(),
                        batch.get(4).decisionId());
        assertThat(log.verify().setAside()).isEqualTo(1);
    }

    @Test
    void theFullLimitsOfTheDecisionApiAreIndexed() throws Exception {
        LoggedDecision atLimits = new LoggedDecision(UUID.randomUUID().toString(), T0.toString(),
                new LoggedDecision.Actor("c".repeat(255), "u".repeat(255), "n".repeat(255), List.of("r")),
                "s\u00e9\uD83D\uDE00".repeat(63) + "sss", "p".repeat(64), "a".repeat(64),
                new LoggedDecision.Resource("t".repeat(64), "i".repeat(255)),
                new LoggedDecision.Fields(List.of("f".repeat(128)), List.of(), Map.of(), List.of()), true, List.of(), "rev-1");
        assertThat(atLimits.subject()).hasSize(255);
        log.record(atLimits);

        assertThat(log.bySubject(atLimits.subject(), T0, T0.plusSeconds(1), null, 10).decisions()).containsExactly(atLimits);
        assertThat(log.verify().setAside()).isZero();
    }

    private int update(String sql) throws Exception {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                return statement.executeUpdate();
            }
        });
    }

    private String hashOf(long seq) throws Exception {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT hash FROM decision_log WHERE seq = " + seq);
                    ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"decision_id = '00000000-0000-4000-8000-000000000000'", "time_ms = time_ms + 1",
            "subject = 'mallory'", "actor_client = 'crm-web'", "actor_user = 'mia-id'", "purpose = 'marketing'",
            "action = 'export'", "resource_type = 'order'", "resource_id = 'c-2'", "entry = REPLACE(entry, 'rev-1', 'rev-0')",
            "prev_hash = hash", "hash = prev_hash", "hash_version = 1"})
    void changingAnyStoredColumnOfAnEntryBreaksTheChainAtThatEntry(String change) throws Exception {
        List<LoggedDecision> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(withSubject(T0.plusSeconds(i), "alice"));
            log.record(written.get(i));
        }
        log.flush();
        assertThat(update("UPDATE decision_log SET " + change + " WHERE seq = 3")).isEqualTo(1);

        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isFalse();
        assertThat(verification.brokenAtSeq()).isEqualTo(3);
        assertThat(verification.entries()).isEqualTo(2);
        assertThat(verification.reason()).isNotBlank();
    }

    @Test
    void renumberingAnEntryBreaksTheChain() throws Exception {
        for (int i = 0; i < 4; i++) {
            log.record(withSubject(T0.plusSeconds(i), "alice"));
        }
        log.flush();
        update("UPDATE decision_log SET seq = 40 WHERE seq = 4");

        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isFalse();
        assertThat(verification.reason()).isEqualTo("entry 4 is missing");
    }

    @Test
    void movingTheAnchorWithoutThePdpsKeyIsDetected() throws Exception {
        for (int i = 0; i < 6; i++) {
            log.record(withSubject(T0.plusSeconds(i * 10L), "alice"));
        }
        assertThat(log.deleteBefore(T0.plusSeconds(25))).isEqualTo(3);
        assertThat(log.verify().valid()).isTrue(); // retention signed the anchor it moved

        // what retention would have done one entry later, by hand: the remaining chain still links up
        String hash4 = hashOf(4);
        update("DELETE FROM decision_log WHERE seq = 4");
        update("UPDATE decision_log_anchor SET seq = 4, hash = '" + hash4 + "' WHERE id = 1");

        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isFalse();
        assertThat(verification.brokenAtSeq()).isEqualTo(4);
        assertThat(verification.reason()).contains("anchor");
    }

    @Test
    void cuttingOffTheTailIsDetectedEvenWithTheCheckpointsDeleted() throws Exception {
        for (int i = 0; i < 5; i++) {
            log.record(withSubject(T0.plusSeconds(i), "alice"));
        }
        assertThat(log.signCheckpoint()).isTrue();
        log.record(withSubject(T0.plusSeconds(9), "alice"));
        log.flush();

        update("DELETE FROM decision_log WHERE seq >= 5");
        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isFalse();
        assertThat(verification.brokenAtSeq()).isEqualTo(5);
        assertThat(verification.reason()).contains("missing");

        update("DELETE FROM decision_log_checkpoint");
        assertThat(log.verify().valid()).isFalse(); // the PDP remembers what it signed
    }

    @Test
    void aCheckpointSignedWithAnotherKeyOrAlteredAfterSigningIsReported() throws Exception {
        for (int i = 0; i < 3; i++) {
            log.record(withSubject(T0.plusSeconds(i), "alice"));
        }
        log.signCheckpoint();
        assertThat(log.verify().valid()).isTrue();

        update("UPDATE decision_log_checkpoint SET seq = 2 WHERE id = (SELECT MAX(id) FROM decision_log_checkpoint)");
        assertThat(log.verify().valid()).isFalse();
        assertThat(log.verify().reason()).contains("does not match what it signed");

        log.record(withSubject(T0.plusSeconds(5), "alice"));
        log.flush();
        CheckpointKey forger = CheckpointKey.loadOrCreate(Files.createTempDirectory("forger").resolve("key.json"));
        assertThat(new Checkpoints(database, forger).sign()).isTrue();
        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isFalse();
        assertThat(verification.reason()).contains("not signed with this PDP's checkpoint key");
    }

    @Test
    void aSetAsideEntryIsCoveredByTheChainToo() throws Exception {
        log.record(withSubject(T0, "alice"));
        log.record(withSubject(T0.plusSeconds(1), "o".repeat(300)));
        log.record(withSubject(T0.plusSeconds(2), "alice"));
        log.flush();
        update("UPDATE decision_log_quarantine SET entry = REPLACE(entry, '\"allow\":true', '\"allow\":false') WHERE seq = 2");

        DecisionLog.Verification verification = log.verify();
        assertThat(verification.valid()).isFalse();
        assertThat(verification.brokenAtSeq()).isEqualTo(2);
    }

    @Test
    void foreignCursorIsRefused() {
        assertThatThrownBy(() -> DecisionLog.Cursor.decode("not a cursor!")).isInstanceOf(IllegalArgumentException.class);
    }
}
