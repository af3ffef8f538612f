package io.purposegate.pdp.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.purposegate.pdp.log.CheckpointKey;
import io.purposegate.pdp.log.DecisionLog;
import io.purposegate.pdp.log.LoggedDecision;

/**
 * A database made by the PDP before it had migrations (the DDL and hash rule of step 5, copied here as
 * they were) is baselined at version 1 and upgraded; what it held still verifies and is still found.
 */
public abstract class SchemaUpgradeContract {

    /** The schema the PDP created in code until step 5, verbatim. */
    static final List<String> STEP5_SCHEMA = List.of(
            """
            CREATE TABLE IF NOT EXISTS decision_log (
              seq BIGINT PRIMARY KEY,
              decision_id VARCHAR(36) NOT NULL,
              time_ms BIGINT NOT NULL,
              subject VARCHAR(255) NOT NULL,
              actor_client VARCHAR(255),
              actor_user VARCHAR(255),
              entry VARCHAR(1000000) NOT NULL,
              prev_hash CHAR(64) NOT NULL,
              hash CHAR(64) NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS decision_log_by_subject ON decision_log (subject, time_ms, seq)",
            "CREATE INDEX IF NOT EXISTS decision_log_by_client ON decision_log (actor_client, time_ms, seq)",
            "CREATE INDEX IF NOT EXISTS decision_log_by_user ON decision_log (actor_user, time_ms, seq)",
            "CREATE INDEX IF NOT EXISTS decision_log_by_time ON decision_log (time_ms)",
            """
            CREATE TABLE IF NOT EXISTS decision_log_anchor (
              id INT PRIMARY KEY,
              seq BIGINT NOT NULL,
              hash CHAR(64) NOT NULL)""",
            """
            CREATE TABLE IF NOT EXISTS consent_subject (
              subject_id VARCHAR(255) PRIMARY KEY,
              v BIGINT NOT NULL,
              state VARCHAR(1000000),
              deleted BOOLEAN NOT NULL,
              updated_ms BIGINT NOT NULL)""");

    static final Instant T0 = Instant.parse("2026-10-01T08:00:00Z");

    /** The URL of an empty database, and the user and password for it. */
    protected abstract String emptyDatabaseUrl();

    protected abstract Database open(String url);

    protected abstract Connection connect(String url) throws Exception;

    /** Creates the step-5 schema in an empty database and fills it as the step-5 code did; returns the URL. */
    protected String step5DatabaseWithEntries(int entries) throws Exception {
        String url = emptyDatabaseUrl();
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            for (String ddl : STEP5_SCHEMA) {
                statement.execute(ddl);
            }
            String previous = "0".repeat(64);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO decision_log (seq, decision_id, time_ms, subject, actor_client, actor_user, entry, prev_hash, hash)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int seq = 1; seq <= entries; seq++) {
                    Instant time = T0.plusSeconds(seq);
                    String id = String.format("00000000-0000-4000-8000-%012d", seq);
                    String entry = "{\"decision_id\":\"" + id + "\",\"time\":\"" + time + "\",\"actor\":{\"client_id\":\"support-console\","
                            + "\"user_id\":\"sam-id\",\"username\":\"sam\",\"roles\":[\"support-agent\"]},\"subject\":\"alice\","
                            + "\"purpose\":\"support\",\"action\":\"read\",\"resource\":{\"type\":\"customer\",\"id\":\"c-1\"},"
                            + "\"fields\":{\"requested\":[\"name\"],\"allowed\":[\"name\"],\"masked\":{},\"denied\":[]},"
                            + "\"allow\":true,\"reasons\":[],\"policy_revision\":\"rev-1\"}";
                    String hash = step5Hash(previous, entry);
                    insert.setLong(1, seq);
                    insert.setString(2, id);
                    insert.setLong(3, time.toEpochMilli());
                    insert.setString(4, "alice");
                    insert.setString(5, "support-console");
                    insert.setString(6, "sam-id");
                    insert.setString(7, entry);
                    insert.setString(8, previous);
                    insert.setString(9, hash);
                    insert.executeUpdate();
                    previous = hash;
                }
            }
            statement.execute("INSERT INTO consent_subject (subject_id, v, state, deleted, updated_ms)"
                    + " VALUES ('alice', 7, '{\"granted\":[\"marketing\"]}', FALSE, 1)");
        }
        return url;
    }

    /** Step 5's chain rule: SHA-256 of the previous hash, a line feed and the entry's JSON. */
    static String step5Hash(String previous, String entry) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update((previous + "\n" + entry).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest());
    }

    @Test
    void aStep5DatabaseIsBaselinedAsVersion1AndUpgradedKeepingItsRows() throws Exception {
        String url = step5DatabaseWithEntries(3);

        try (Database database = open(url)) {
            List<String> history = database.withConnection(connection -> {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT \"version\", \"type\" FROM \"pdp_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"");
                        ResultSet rows = query.executeQuery()) {
                    List<String> applied = new java.util.ArrayList<>();
                    while (rows.next()) {
                        applied.add(rows.getString(1) + ":" + rows.getString(2));
                    }
                    return applied;
                }
            });
            assertThat(history.get(0)).isEqualTo("1:BASELINE");
            assertThat(history).noneMatch(applied -> applied.startsWith("1:SQL"));
            long consent = database.withConnection(connection -> {
                try (PreparedStatement query = connection.prepareStatement("SELECT v FROM consent_subject WHERE subject_id = 'alice'");
                        ResultSet row = query.executeQuery()) {
                    return row.next() ? row.getLong(1) : -1L;
                }
            });
            assertThat(consent).isEqualTo(7);
        }
    }

    @Test
    void entriesWrittenBeforeTheUpgradeStillVerifyAreFoundAndTheChainGoesOn() throws Exception {
        String url = step5DatabaseWithEntries(4);
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            // step 5's retention had cut the chain after entry 1
            statement.execute("INSERT INTO decision_log_anchor (id, seq, hash) SELECT 1, seq, hash FROM decision_log WHERE seq = 1");
            statement.execute("DELETE FROM decision_log WHERE seq = 1");
        }

        try (Database database = open(url);
                DecisionLog log = new DecisionLog(database, 16, Duration.ofSeconds(5), null, true, Duration.ZERO,
                        new SimpleMeterRegistry(), CheckpointKey.loadOrCreate(Files.createTempDirectory("key").resolve("key.json")))) {
            log.record(new LoggedDecision(UUID.randomUUID().toString(), T0.plusSeconds(60).toString(),
                    new LoggedDecision.Actor("crm-web", "mia-id", "mia", List.of("sales")), "alice", "service", "read",
                    new LoggedDecision.Resource("customer", "c-1"),
                    new LoggedDecision.Fields(List.of("name"), List.of("name"), Map.of(), List.of()), true, List.of(), "rev-2"));

            DecisionLog.Verification verification = log.verify();
            assertThat(verification.valid()).isTrue();
            assertThat(verification.entries()).isEqualTo(4);
            assertThat(log.bySubject("alice", T0, T0.plusSeconds(3600), null, 10).decisions())
                    .extracting(LoggedDecision::purpose).containsExactly("support", "support", "support", "service");
            assertThat(log.byActor("sam-id", T0, T0.plusSeconds(3600), null, 10).decisions()).hasSize(3);
        }
    }

    @Test
    void anEmptyDatabaseGetsEveryMigrationFromVersion1() throws Exception {
        String url = emptyDatabaseUrl();
        try (Database database = open(url)) {
            List<String> versions = database.withConnection(connection -> {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT \"version\" FROM \"pdp_schema_history\" WHERE \"type\" = 'SQL' ORDER BY \"installed_rank\"");
                        ResultSet rows = query.executeQuery()) {
                    List<String> applied = new java.util.ArrayList<>();
                    while (rows.next()) {
                        applied.add(rows.getString(1));
                    }
                    return applied;
                }
            });
            assertThat(versions).hasSize(SchemaMigrations.SCRIPTS.size()).first().isEqualTo("1");
        }
        try (Database again = open(url)) {
            assertThat(again.answers()).isTrue(); // a second start applies nothing and fails on nothing
        }
    }

    /** Plain JDBC, no pool: the old code's side of the test. */
    protected static Connection plain(String url, String user, String password) throws Exception {
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
    }
}
