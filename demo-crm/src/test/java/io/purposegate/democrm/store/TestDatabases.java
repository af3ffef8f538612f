package io.purposegate.democrm.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The databases the store tests run on: an H2 file in a temporary folder, and PostgreSQL: the server
 * named by {@code PURPOSEGATE_TEST_PG_URL} (with {@code _USER}, {@code _PASSWORD}) when that is set,
 * else a throwaway cluster the tests start themselves ({@link TestPostgres}). Production runs on
 * PostgreSQL, so those tests are never skipped. They work in their own schema, {@code democrm_test},
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
        String url = url();
        try (Connection connection = DriverManager.getConnection(url, user(), password());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            statement.execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the PostgreSQL test schema: " + e.getMessage(), e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    public static CrmDatabase postgres(String url) {
        return new CrmDatabase(url, user(), password(), 2);
    }

    private static boolean overridden() {
        String url = System.getenv("PURPOSEGATE_TEST_PG_URL");
        return url != null && !url.isBlank();
    }

    private static String url() {
        return overridden() ? System.getenv("PURPOSEGATE_TEST_PG_URL") : TestPostgres.baseUrl() + "postgres";
    }

    private static String user() {
        return overridden() ? System.getenv("PURPOSEGATE_TEST_PG_USER") : TestPostgres.USER;
    }

    private static String password() {
        return overridden() ? System.getenv("PURPOSEGATE_TEST_PG_PASSWORD") : null;
    }
}
