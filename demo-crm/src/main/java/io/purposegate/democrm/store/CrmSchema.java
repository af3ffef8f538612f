package io.purposegate.democrm.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of demo-crm and their migrations. Each migration is a list of portable statements (the
 * same DDL runs on H2 2.x and PostgreSQL 15+); {@code crm_schema} records the version reached, and a
 * start applies the migrations after it, each in the transaction of the start.
 */
public final class CrmSchema {

    /** Migration n (1-based) is element n-1; append, never edit a released one. */
    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    """
                    CREATE TABLE IF NOT EXISTS customer (
                      id VARCHAR(64) PRIMARY KEY,
                      owner VARCHAR(64) NOT NULL,
                      name VARCHAR(200) NOT NULL,
                      email VARCHAR(320) NOT NULL,
                      phone VARCHAR(40),
                      address VARCHAR(500),
                      birth_date DATE,
                      segment VARCHAR(32) NOT NULL,
                      CONSTRAINT customer_owner_unique UNIQUE (owner))""",
                    "CREATE INDEX IF NOT EXISTS customer_by_segment ON customer (segment)",
                    """
                    CREATE TABLE IF NOT EXISTS customer_order (
                      id VARCHAR(64) PRIMARY KEY,
                      customer_id VARCHAR(64) NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
                      order_date DATE NOT NULL,
                      total DECIMAL(12, 2) NOT NULL,
                      currency CHAR(3) NOT NULL)""",
                    "CREATE INDEX IF NOT EXISTS customer_order_by_customer ON customer_order (customer_id)",
                    """
                    CREATE TABLE IF NOT EXISTS order_item (
                      order_id VARCHAR(64) NOT NULL REFERENCES customer_order (id) ON DELETE CASCADE,
                      line INT NOT NULL,
                      sku VARCHAR(32) NOT NULL,
                      name VARCHAR(200) NOT NULL,
                      quantity INT NOT NULL,
                      unit_price DECIMAL(12, 2) NOT NULL,
                      PRIMARY KEY (order_id, line))""",
                    // one row per fact the application keeps about itself (the first-start seed)
                    """
                    CREATE TABLE IF NOT EXISTS crm_meta (
                      name VARCHAR(64) PRIMARY KEY,
                      val VARCHAR(255) NOT NULL)"""),
            // 2: the last activity with the customer (contact, change of contact details), from which
            // the retention periods run; records of an existing database count from the upgrade
            List.of(
                    "ALTER TABLE customer ADD COLUMN last_activity TIMESTAMP WITH TIME ZONE",
                    "UPDATE customer SET last_activity = CURRENT_TIMESTAMP WHERE last_activity IS NULL",
                    "ALTER TABLE customer ALTER COLUMN last_activity SET NOT NULL"));

    private CrmSchema() {
    }

    /** The latest version this build knows. */
    public static int latestVersion() {
        return MIGRATIONS.size();
    }

    /** Brings the schema to the latest version; runs inside the caller's transaction. */
    static Void migrate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS crm_schema (version INT NOT NULL)");
        }
        int version = currentVersion(connection);
        if (version > MIGRATIONS.size()) {
            throw new SQLException("the database has schema version " + version + ", newer than this build's "
                    + MIGRATIONS.size() + ": run a newer demo-crm");
        }
        for (int next = version + 1; next <= MIGRATIONS.size(); next++) {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : MIGRATIONS.get(next - 1)) {
                    statement.execute(ddl);
                }
            }
            setVersion(connection, version == 0 && next == 1, next);
        }
        return null;
    }

    public static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM crm_schema")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    private static void setVersion(Connection connection, boolean first, int version) throws SQLException {
        String sql = first ? "INSERT INTO crm_schema (version) VALUES (?)" : "UPDATE crm_schema SET version = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, version);
            statement.executeUpdate();
        }
    }
}
