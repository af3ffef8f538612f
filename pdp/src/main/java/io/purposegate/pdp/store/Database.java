package io.purposegate.pdp.store;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

/**
 * The PDP's one database, H2 (embedded file, the default) or PostgreSQL (production), chosen by the JDBC
 * URL at run time and reached through an Agroal connection pool. Its schema is brought to the newest
 * version by {@link SchemaMigrations} when it opens. Writers that keep a connection for themselves (the
 * decision log's writer and indexer) borrow one for as long as they run; the pool has room for them.
 */
public class Database implements AutoCloseable {

    /** Connections held for as long as they run by the decision log's writer, indexer and checkpoints. */
    static final int DEDICATED = 3;

    private final String url;
    private final AgroalDataSource pool;

    public Database(String url, String username, String password, int poolSize) {
        this.url = url;
        Class<? extends Driver> driver = driverFor(url);
        try {
            this.pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(connections -> connections
                            .initialSize(0)
                            .minSize(0)
                            .maxSize(Math.max(1, poolSize) + DEDICATED)
                            .acquisitionTimeout(Duration.ofSeconds(5))
                            .validationTimeout(Duration.ofSeconds(30))
                            .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidatorWithTimeout(2))
                            .exceptionSorter(AgroalConnectionPoolConfiguration.ExceptionSorter.fatalExceptionSorter())
                            .connectionFactoryConfiguration(factory -> {
                                factory.jdbcUrl(url).connectionProviderClass(driver).autoCommit(true);
                                if (username != null && !username.isEmpty()) {
                                    factory.principal(new NamePrincipal(username));
                                }
                                if (password != null && !password.isEmpty()) {
                                    factory.credential(new SimplePassword(password));
                                }
                                return factory;
                            })));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the PDP database " + redacted(url) + ": " + e.getMessage(), e);
        }
        try {
            SchemaMigrations.migrate(pool, isPostgres());
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new IllegalStateException("cannot open or migrate the PDP database " + redacted(url) + ": " + e.getMessage(), e);
        }
    }

    /** H2 or PostgreSQL, by the URL; the drivers are named directly so no class-loader service lookup is needed. */
    private static Class<? extends Driver> driverFor(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return org.h2.Driver.class;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return org.postgresql.Driver.class;
        }
        throw new IllegalArgumentException("unsupported JDBC URL (H2 or PostgreSQL): " + redacted(url));
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The pool, for what takes a {@link DataSource}. */
    public DataSource dataSource() {
        return pool;
    }

    /** A pooled connection the caller owns until it closes it (which returns it to the pool). */
    public Connection open() throws SQLException {
        return pool.getConnection();
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T withConnection(Work<T> work) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
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
        pool.close();
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
