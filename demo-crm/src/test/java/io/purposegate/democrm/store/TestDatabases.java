package io.purposegate.democrm.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The databases the store tests run on: an H2 file in a temporary folder, and the PostgreSQL cluster
 * named by {@code PURPOSEGATE_TEST_PG_URL} (with {@code _USER}, {@code _PASSWORD}), which
 * {@code bin/purposegate test} starts. Without it the PostgreSQL tests fail, loudly: production runs
 * on PostgreSQL, so they are never skipped. They work in their own schema, {@code democrm_test},
 * emptied first, so they touch nothing else in that database.
 */
public final class TestDatabases {

    static final String SCHEMA = "democrm_test";

    private TestDatabases() {
    }

    public static String h2Url(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("crm").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    public static CrmDatabase h2(Path folder) {
        return new CrmDatabase(h2Url(folder), null, null, 2);
    }

    /** The URL of an empty schema of the test PostgreSQL. */
    public static String emptyPostgresUrl() {
        String url = System.getenv("PURPOSEGATE_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("PostgreSQL store tests need PURPOSEGATE_TEST_PG_URL (and PURPOSEGATE_TEST_PG_USER,"
                    + " PURPOSEGATE_TEST_PG_PASSWORD): run them through 'bin/purposegate test', which starts a throwaway"
                    + " PostgreSQL cluster and sets them, or point them at a disposable database of your own");
        }
        try (Connection connection = DriverManager.getConnection(url, System.getenv("PURPOSEGATE_TEST_PG_USER"),
                System.getenv("PURPOSEGATE_TEST_PG_PASSWORD")); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            statement.execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the PostgreSQL test schema: " + e.getMessage(), e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    public static CrmDatabase postgres(String url) {
        return new CrmDatabase(url, System.getenv("PURPOSEGATE_TEST_PG_USER"), System.getenv("PURPOSEGATE_TEST_PG_PASSWORD"), 2);
    }
}
