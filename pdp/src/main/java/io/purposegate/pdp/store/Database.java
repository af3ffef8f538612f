package io.purposegate.pdp.store;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The PDP's one database, H2 (embedded file, the default) or PostgreSQL (production), reached by plain
 * JDBC: a small pool for queries and the consent registry, and dedicated connections for writers that
 * need their own (the decision log's group commit). Creates its tables on start.
 */
public class Database implements AutoCloseable {

    /** Portable DDL: the same statements run on H2 2.x and PostgreSQL 15. */
    private static final List<String> SCHEMA = List.of(
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

    private final String url;
    private final Properties credentials = new Properties();
    private final Driver driver;
    private final BlockingQueue<Connection> pool;

    public Database(String url, String username, String password, int poolSize) {
        this.url = url;
        if (username != null && !username.isEmpty()) {
            credentials.setProperty("user", username);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        this.driver = driverFor(url);
        this.pool = new ArrayBlockingQueue<>(Math.max(1, poolSize));
        try (Connection connection = open(); Statement statement = connection.createStatement()) {
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open or prepare the PDP database " + redacted(url) + ": " + e.getMessage(), e);
        }
    }

    /** H2 or PostgreSQL, by the URL; the drivers are looked up directly so no class-loader service lookup is needed. */
    private static Driver driverFor(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return new org.h2.Driver();
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return new org.postgresql.Driver();
        }
        throw new IllegalArgumentException("unsupported JDBC URL (H2 or PostgreSQL): " + redacted(url));
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** A new connection the caller owns (and closes). */
    public Connection open() throws SQLException {
        Connection connection = driver.connect(url, credentials);
        if (connection == null) {
            throw new SQLException("the driver did not accept " + redacted(url));
        }
        return connection;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T withConnection(Work<T> work) throws SQLException {
        Connection connection = pool.poll();
        if (connection == null || !connection.isValid(2)) {
            closeQuietly(connection);
            connection = open();
        }
        boolean healthy = false;
        try {
            connection.setAutoCommit(true);
            T result = work.run(connection);
            healthy = true;
            return result;
        } finally {
            if (healthy && pool.offer(connection)) {
                connection = null;
            }
            closeQuietly(connection);
        }
    }

    /** True when the database answers a trivial query in time. */
    public boolean answers() {
        try {
            return withConnection(c -> c.isValid(2));
        } catch (SQLException e) {
            return false;
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = pool.poll()) != null) {
            closeQuietly(connection);
        }
    }

    static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing left to do with a broken connection
            }
        }
    }

    /** JDBC URLs may carry passwords as parameters; never log those. */
    static String redacted(String url) {
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters) + "?…";
    }

    /** Waits at most {@code millis} for nothing; used by writers backing off after a failure. */
    public static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
