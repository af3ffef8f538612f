package io.purposegate.pdp.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.purposegate.pdp.store.Database;

/**
 * Puts chained rows into the database: each into {@code decision_log}, where queries find it, or, when
 * the database cannot index it (a column too long, a character it refuses), into
 * {@code decision_log_quarantine}, so that no entry can ever stop the log. Reads back where the stored chain ends.
 */
final class RowStore {

    /** The newest entry of the stored chain (or the anchor, or genesis). */
    record Head(long seq, String hash) {
    }

    private static final Logger LOG = Logger.getLogger(RowStore.class);

    private final Database database;
    private final Consumer<SetAside> listener;

    /** {@code listener} hears of every entry set aside (the metric). */
    RowStore(Database database, Consumer<SetAside> listener) {
        this.database = database;
        this.listener = listener;
    }

    Database database() {
        return database;
    }

    /** Where the stored chain ends: its newest entry (indexed or set aside), else the anchor retention left, else genesis. */
    Head head() throws SQLException {
        return database.withConnection(RowStore::head);
    }

    static Head head(Connection connection) throws SQLException {
        Head newest = null;
        for (String table : new String[] {"decision_log", "decision_log_quarantine"}) {
            try (PreparedStatement last = connection.prepareStatement("SELECT seq, hash FROM " + table + " ORDER BY seq DESC LIMIT 1");
                    ResultSet row = last.executeQuery()) {
                if (row.next() && (newest == null || row.getLong(1) > newest.seq())) {
                    newest = new Head(row.getLong(1), row.getString(2));
                }
            }
        }
        return newest != null ? newest : Checkpoints.anchor(connection);
    }

    /**
     * Stores {@code rows} in one transaction, on a connection that is not in auto-commit mode: each in
     * {@code decision_log}, or, when it exceeds a column or the database refuses it, in
     * {@code decision_log_quarantine}. Only a failure of the database itself (not of a row's data) is
     * thrown, and then nothing of the rows is stored.
     *
     * @return the rows set aside
     */
    List<SetAside> store(Connection connection, List<LogRow> rows) throws SQLException {
        List<LogRow> indexable = new ArrayList<>(rows.size());
        List<Aside> aside = new ArrayList<>();
        for (LogRow row : rows) {
            String problem = problemOf(row);
            if (problem == null) {
                indexable.add(row);
            } else {
                aside.add(new Aside(row, problem));
            }
        }
        try {
            insert(connection, indexable);
            for (Aside entry : aside) {
                setAside(connection, entry.row(), entry.reason(), true);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection);
            if (!refusesData(e)) {
                throw e;
            }
            aside = isolate(connection, indexable, aside);
        }
        List<SetAside> reported = new ArrayList<>(aside.size());
        for (Aside entry : aside) {
            SetAside setAside = new SetAside(entry.row().seq(), printableId(entry.row().decisionId()), entry.reason());
            LOG.warnf("decision log: entry %d (decision %s) set aside, not indexed: %s", setAside.seq(),
                    setAside.decisionId() == null ? "-" : setAside.decisionId(), setAside.reason());
            listener.accept(setAside);
            reported.add(setAside);
        }
        return reported;
    }

    private record Aside(LogRow row, String reason) {
    }

    /** The rows one by one, each behind a savepoint: those the database refuses are set aside; one commit. */
    private List<Aside> isolate(Connection connection, List<LogRow> indexable, List<Aside> known) throws SQLException {
        List<Aside> aside = new ArrayList<>(known);
        try {
            for (LogRow row : indexable) {
                Savepoint before = connection.setSavepoint();
                try {
                    insert(connection, List.of(row));
                    connection.releaseSavepoint(before);
                } catch (SQLException e) {
                    connection.rollback(before);
                    if (!refusesData(e)) {
                        throw e;
                    }
                    if (!alreadyStored(connection, row)) {
                        aside.add(new Aside(row, "refused by the database (SQL state " + dataState(e) + ")"));
                    }
                }
            }
            for (Aside entry : aside) {
                Savepoint before = connection.setSavepoint();
                try {
                    setAside(connection, entry.row(), entry.reason(), true);
                    connection.releaseSavepoint(before);
                } catch (SQLException e) {
                    connection.rollback(before);
                    if (!refusesData(e)) {
                        throw e;
                    }
                    setAside(connection, entry.row(), entry.reason() + "; entry text not kept", false);
                }
            }
            connection.commit();
            return aside;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection);
            throw e;
        }
    }

    /** A row already in the table with the same hash: a group written before whose acknowledgement was lost. */
    private static boolean alreadyStored(Connection connection, LogRow row) throws SQLException {
        try (PreparedStatement same = connection.prepareStatement("SELECT hash FROM decision_log WHERE seq = ?")) {
            same.setLong(1, row.seq());
            try (ResultSet stored = same.executeQuery()) {
                return stored.next() && row.hash().equals(stored.getString(1));
            }
        }
    }

    private static void insert(Connection connection, List<LogRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO decision_log (seq, decision_id, time_ms, subject, actor_client, actor_user, purpose, action,"
                        + " resource_type, resource_id, entry, prev_hash, hash, hash_version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LogRow row : rows) {
                insert.setLong(1, row.seq());
                insert.setString(2, row.decisionId());
                insert.setLong(3, row.timeMs());
                insert.setString(4, row.subject());
                insert.setString(5, row.actorClient());
                insert.setString(6, row.actorUser());
                insert.setString(7, row.purpose());
                insert.setString(8, row.action());
                insert.setString(9, row.resourceType());
                insert.setString(10, row.resourceId());
                insert.setString(11, row.entry());
                insert.setString(12, row.prevHash());
                insert.setString(13, row.hash());
                insert.setInt(14, row.hashVersion());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void setAside(Connection connection, LogRow row, String reason, boolean withEntry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO decision_log_quarantine (seq, decision_id, time_ms, entry, prev_hash, hash, reason, set_aside_ms,"
                        + " hash_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, row.seq());
            insert.setString(2, printableId(row.decisionId()));
            // an entry whose time is unreadable is kept under the time it was set aside, so retention does not cut at it
            insert.setLong(3, row.problem() != null ? System.currentTimeMillis() : row.timeMs());
            insert.setString(4, withEntry ? row.entry() : null);
            insert.setString(5, row.prevHash());
            insert.setString(6, row.hash());
            insert.setString(7, reason.length() > 200 ? reason.substring(0, 200) : reason);
            insert.setLong(8, System.currentTimeMillis());
            insert.setInt(9, row.hashVersion());
            insert.executeUpdate();
        }
    }

    /** Why a row cannot go into {@code decision_log} (the column and limit it exceeds), or null when it fits. */
    static String problemOf(LogRow row) {
        if (row.problem() != null) {
            return row.problem();
        }
        String problem;
        if ((problem = exceeds("decision_id", row.decisionId(), DECISION_ID_MAX, true)) != null
                || (problem = exceeds("subject", row.subject(), IDENTIFIER_MAX, true)) != null
                || (problem = exceeds("actor.client_id", row.actorClient(), IDENTIFIER_MAX, false)) != null
                || (problem = exceeds("actor.user_id", row.actorUser(), IDENTIFIER_MAX, false)) != null
                || (problem = exceeds("purpose", row.purpose(), NAME_MAX, false)) != null
                || (problem = exceeds("action", row.action(), NAME_MAX, false)) != null
                || (problem = exceeds("resource.type", row.resourceType(), NAME_MAX, false)) != null
                || (problem = exceeds("resource.id", row.resourceId(), IDENTIFIER_MAX, false)) != null
                || (problem = exceeds("entry", row.entry(), ENTRY_MAX, true)) != null) {
            return problem;
        }
        return null;
    }

    /** Column sizes of {@code decision_log} (V1, V2), counted like the edge counts them: UTF-16 code units. */
    static final int DECISION_ID_MAX = 36;
    static final int IDENTIFIER_MAX = 255;
    static final int NAME_MAX = 64;
    static final int ENTRY_MAX = 1_000_000;

    private static String exceeds(String column, String value, int max, boolean required) {
        if (value == null) {
            return required ? column + ".missing" : null;
        }
        if (value.length() > max) {
            return column + ".length";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return column + ".nul"; // PostgreSQL refuses U+0000 in text; H2 would keep it: the same rule on both
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return column + ".unicode"; // a lone surrogate has no UTF-8 form: it would not read back as written
            }
        }
        return null;
    }

    /** A decision id as the PDP makes them (printable ASCII, at most 36 characters), else null: safe to log and store. */
    static String printableId(String id) {
        if (id == null || id.isEmpty() || id.length() > DECISION_ID_MAX) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-')) {
                return null;
            }
        }
        return id;
    }

    /** A failure caused by the values of a row (SQL state class 22, data exception, or 23, integrity constraint). */
    static boolean refusesData(Exception e) {
        return dataState(e) != null;
    }

    private static String dataState(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (SQLException sql = t instanceof SQLException s ? s : null; sql != null; sql = sql.getNextException()) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                    return state;
                }
            }
        }
        return null;
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
