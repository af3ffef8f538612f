package io.purposegate.pdp.log;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import io.purposegate.pdp.store.Database;

/** Deletes entries past the retention period from the old end (indexed or set aside); the newest deleted one's hash becomes the chain's anchor. */
final class LogRetention {

    private final Database database;
    private final Checkpoints checkpoints;

    /** {@code checkpoints} set: every anchor it moves is signed in the same transaction. */
    LogRetention(Database database, Checkpoints checkpoints) {
        this.database = database;
        this.checkpoints = checkpoints;
    }

    int deleteBefore(Instant cutoff) throws SQLException {
        return database.withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                long seq;
                String hash;
                try (PreparedStatement newest = connection.prepareStatement(
                        "SELECT seq, hash FROM decision_log WHERE seq = (SELECT MAX(seq) FROM decision_log WHERE time_ms < ?)"
                                + " UNION ALL SELECT seq, hash FROM decision_log_quarantine"
                                + " WHERE seq = (SELECT MAX(seq) FROM decision_log_quarantine WHERE time_ms < ?) ORDER BY 1 DESC")) {
                    newest.setLong(1, cutoff.toEpochMilli());
                    newest.setLong(2, cutoff.toEpochMilli());
                    try (ResultSet row = newest.executeQuery()) {
                        if (!row.next()) {
                            connection.rollback();
                            return 0;
                        }
                        seq = row.getLong(1);
                        hash = row.getString(2);
                    }
                }
                int deleted = 0;
                for (String table : new String[] {"decision_log", "decision_log_quarantine"}) {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE seq <= ?")) {
                        delete.setLong(1, seq);
                        deleted += delete.executeUpdate();
                    }
                }
                try (PreparedStatement clear = connection.prepareStatement("DELETE FROM decision_log_anchor WHERE id = 1");
                        PreparedStatement anchor = connection.prepareStatement(
                                "INSERT INTO decision_log_anchor (id, seq, hash) VALUES (1, ?, ?)")) {
                    clear.executeUpdate();
                    anchor.setLong(1, seq);
                    anchor.setString(2, hash);
                    anchor.executeUpdate();
                }
                Checkpoints.Checkpoint signed = checkpoints == null ? null : checkpoints.signIn(connection);
                connection.commit();
                if (checkpoints != null) {
                    checkpoints.remember(signed);
                }
                return deleted;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }
}
