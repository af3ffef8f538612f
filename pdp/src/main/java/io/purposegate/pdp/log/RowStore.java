package io.purposegate.pdp.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.purposegate.pdp.store.Database;

/** Puts chained rows into the database's decision-log table, and reads back where the stored chain ends. */
final class RowStore {

    /** The newest entry of the stored chain (or the anchor, or genesis). */
    record Head(long seq, String hash) {
    }

    private final Database database;

    RowStore(Database database) {
        this.database = database;
    }

    Database database() {
        return database;
    }

    /** Where the stored chain ends: its newest entry, else the anchor retention left, else genesis. */
    Head head() throws SQLException {
        return database.withConnection(connection -> {
            try (PreparedStatement last = connection.prepareStatement("SELECT seq, hash FROM decision_log ORDER BY seq DESC LIMIT 1");
                    ResultSet row = last.executeQuery()) {
                if (row.next()) {
                    return new Head(row.getLong(1), row.getString(2));
                }
            }
            try (PreparedStatement anchor = connection.prepareStatement("SELECT seq, hash FROM decision_log_anchor WHERE id = 1");
                    ResultSet row = anchor.executeQuery()) {
                return row.next() ? new Head(row.getLong(1), row.getString(2)) : new Head(0, ChainHash.GENESIS);
            }
        });
    }

    /** One transaction for the rows, on a connection that is not in auto-commit mode. */
    void insert(Connection connection, List<LogRow> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO decision_log (seq, decision_id, time_ms, subject, actor_client, actor_user, entry, prev_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LogRow row : rows) {
                insert.setLong(1, row.seq());
                insert.setString(2, row.decisionId());
                insert.setLong(3, row.timeMs());
                insert.setString(4, row.subject());
                insert.setString(5, row.actorClient());
                insert.setString(6, row.actorUser());
                insert.setString(7, row.entry());
                insert.setString(8, row.prevHash());
                insert.setString(9, row.hash());
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection);
            throw e;
        }
    }

    /** Forces the embedded database's file to disk, before journal segments it now holds are deleted. */
    void sync(Connection connection) throws SQLException {
        if (database.isPostgres()) {
            return;
        }
        try (Statement checkpoint = connection.createStatement()) {
            checkpoint.execute("CHECKPOINT SYNC");
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /** A connection of its own for a writer, in manual-commit mode. */
    Connection openWriterConnection() throws SQLException {
        Connection connection = database.open();
        connection.setAutoCommit(false);
        return connection;
    }

    static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is dropped by the caller
        }
    }

    static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // dropped
            }
        }
    }

    /** What may be logged about a database failure: its SQL state, never its message (which can quote personal data). */
    static String describe(Exception e) {
        if (e instanceof SQLException sql) {
            SQLException cause = sql.getNextException() != null ? sql.getNextException() : sql;
            return "SQL state " + cause.getSQLState() + " (" + e.getClass().getSimpleName() + ")";
        }
        return e.getClass().getSimpleName();
    }
}
