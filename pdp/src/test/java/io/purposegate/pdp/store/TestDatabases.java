package io.purposegate.pdp.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The databases the store tests run on: an H2 file in a temporary folder, and the PostgreSQL cluster
 * named by {@code PURPOSEGATE_TEST_PG_URL} (with {@code _USER}, {@code _PASSWORD}), which
 * {@code bin/purposegate test} starts. Without it the PostgreSQL tests fail, loudly: production runs on
 * PostgreSQL, so those tests are never skipped.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static Database h2(Path folder) {
        return new Database("jdbc:h2:file:" + folder.resolve("pdp").toAbsolutePath() + ";WRITE_DELAY=0", null, null, 2);
    }

    /** A PostgreSQL database with the PDP's tables empty. */
    public static Database postgres() {
        String url = System.getenv("PURPOSEGATE_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("PostgreSQL store tests need PURPOSEGATE_TEST_PG_URL (and PURPOSEGATE_TEST_PG_USER,"
                    + " PURPOSEGATE_TEST_PG_PASSWORD): run them through 'bin/purposegate test', which starts a throwaway"
                    + " PostgreSQL cluster and sets them, or point them at a disposable database of your own");
        }
        Database database = new Database(url, System.getenv("PURPOSEGATE_TEST_PG_USER"),
                System.getenv("PURPOSEGATE_TEST_PG_PASSWORD"), 2);
        try {
            database.withConnection(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("TRUNCATE decision_log, decision_log_anchor, consent_subject");
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the PostgreSQL test database: " + e.getMessage(), e);
        }
        return database;
    }
}
