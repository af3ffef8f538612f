package io.purposegate.democrm.store;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * demo-crm's database, H2 (an embedded file, the default) or PostgreSQL (production), chosen by the
 * JDBC URL at run time: plain JDBC with both drivers in the one build (a Quarkus datasource fixes its
 * database kind at build time). A small pool of connections; the schema is migrated when it opens.
 */
public class CrmDatabase implements AutoCloseable {

    private final String url;
    private final Properties credentials = new Properties();
    private final Driver driver;
    private final BlockingQueue<Connection> idle;

    public CrmDatabase(String url, String username, String password, int poolSize) {
        this.url = url;
        if (username != null && !username.isEmpty()) {
            credentials.setProperty("user", username);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        this.driver = driverFor(url);
        this.idle = new ArrayBlockingQueue<>(Math.max(1, poolSize));
        try {
            inTransaction(CrmSchema::migrate);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open or migrate demo-crm's database " + redacted(url) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The driver by the URL, instantiated directly: no service-loader lookup in a Quarkus class loader. */
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

    /** Runs {@code work} in auto-commit mode on a pooled connection. */
    public <T> T withConnection(Work<T> work) throws SQLException {
        return run(work, false);
    }

    /** Runs {@code work} in one transaction: committed before this returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        return run(work, true);
    }

    private <T> T run(Work<T> work, boolean transaction) throws SQLException {
        Connection connection = idle.poll();
        if (connection == null || !connection.isValid(2)) {
            closeQuietly(connection);
            connection = open();
        }
        boolean reusable = false;
        try {
            connection.setAutoCommit(!transaction);
            try {
                T result = work.run(connection);
                if (transaction) {
                    connection.commit();
                }
                reusable = true;
                return result;
            } catch (SQLException | RuntimeException e) {
                if (transaction) {
                    try {
                        connection.rollback();
                        reusable = true;
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                }
                throw e;
            }
        } finally {
            if (reusable && idle.offer(connection)) {
                connection = null;
            }
            closeQuietly(connection);
        }
    }

    private Connection open() throws SQLException {
        Connection connection = driver.connect(url, credentials);
        if (connection == null) {
            throw new SQLException("the driver did not accept " + redacted(url));
        }
        return connection;
    }

    /** True when the database answers in time (readiness). */
    public boolean answers() {
        try {
            return withConnection(connection -> connection.isValid(2));
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
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // a broken connection: nothing left to do with it
            }
        }
    }

    /** JDBC URLs may carry passwords as parameters; they never reach a log or an exception message. */
    public static String redacted(String url) {
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters) + "?…";
    }
}
