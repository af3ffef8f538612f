package io.purposegate.pdp.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The databases the store tests run on: an H2 file in a temporary folder, and a new, empty PostgreSQL
 * database for each test. PostgreSQL is the server named by {@code PURPOSEGATE_TEST_PG_URL} (with
 * {@code _USER}, {@code _PASSWORD}) when that is set, else a throwaway cluster the tests start themselves
 * ({@link TestPostgres}). Production runs on PostgreSQL, so those tests are never skipped.
 */
public final class TestDatabases {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestDatabases() {
    }

    public static String h2Url(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("pdp").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    public static Database h2(Path folder) {
        return new Database(h2Url(folder), null, null, 2);
    }

    /** A new PostgreSQL database with the PDP's schema, its tables empty. */
    public static Database postgres() {
        return postgres(emptyPostgresUrl());
    }

    public static Database postgres(String url) {
        return new Database(url, user(), password(), 2);
    }

    /** The URL of a new, empty PostgreSQL database (no tables). */
    public static String emptyPostgresUrl() {
        String override = System.getenv("PURPOSEGATE_TEST_PG_URL");
        String admin = override == null || override.isBlank() ? TestPostgres.baseUrl() + "postgres" : override;
        String name = "pdp_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(admin, credentials());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a PostgreSQL test database through " + admin + ": " + e.getMessage(), e);
        }
        return withDatabase(admin, name);
    }

    /** A plain JDBC connection (no pool, no migrations) to a test database. */
    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, credentials());
    }

    /** The same server and parameters, another database. */
    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String parameters = query < 0 ? "" : url.substring(query);
        int slash = base.indexOf('/', "jdbc:postgresql://".length());
        return (slash < 0 ? base + "/" : base.substring(0, slash + 1)) + database + parameters;
    }

    private static Properties credentials() {
        Properties properties = new Properties();
        if (user() != null) {
            properties.setProperty("user", user());
        }
        if (password() != null) {
            properties.setProperty("password", password());
        }
        return properties;
    }

    private static String user() {
        String override = System.getenv("PURPOSEGATE_TEST_PG_URL");
        if (override == null || override.isBlank()) {
            return TestPostgres.USER;
        }
        String user = System.getenv("PURPOSEGATE_TEST_PG_USER");
        return user == null || user.isBlank() ? null : user;
    }

    private static String password() {
        String password = System.getenv("PURPOSEGATE_TEST_PG_URL") == null ? null : System.getenv("PURPOSEGATE_TEST_PG_PASSWORD");
        return password == null || password.isBlank() ? null : password;
    }
}
