package io.purposegate.pdp.log;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.purposegate.pdp.store.Database;

/** Walks the stored chain in order: every entry's hash, and every link to the one before. */
final class ChainVerifier {

    private final Database database;

    ChainVerifier(Database database) {
        this.database = database;
    }

    DecisionLog.Verification verify() throws SQLException {
        return database.withConnection(connection -> {
            String expectedPrevious = ChainHash.GENESIS;
            long expectedSeq = 1;
            try (PreparedStatement anchor = connection.prepareStatement("SELECT seq, hash FROM decision_log_anchor WHERE id = 1");
                    ResultSet row = anchor.executeQuery()) {
                if (row.next()) {
                    expectedSeq = row.getLong(1) + 1;
                    expectedPrevious = row.getString(2);
                }
            }
            long entries = 0;
            connection.setAutoCommit(false); // lets PostgreSQL stream with the fetch size
            try (PreparedStatement walk = connection.prepareStatement(
                    "SELECT seq, decision_id, entry, prev_hash, hash FROM decision_log ORDER BY seq")) {
                walk.setFetchSize(500);
                try (ResultSet rows = walk.executeQuery()) {
                    while (rows.next()) {
                        long seq = rows.getLong(1);
                        String decisionId = rows.getString(2);
                        if (seq != expectedSeq) {
                            return new DecisionLog.Verification(false, entries, seq, decisionId, "entry " + expectedSeq + " is missing");
                        }
                        if (!expectedPrevious.equals(rows.getString(4))) {
                            return new DecisionLog.Verification(false, entries, seq, decisionId, "link to the previous entry is broken");
                        }
                        String hash = ChainHash.of(expectedPrevious, rows.getString(3));
                        if (!hash.equals(rows.getString(5))) {
                            return new DecisionLog.Verification(false, entries, seq, decisionId, "entry does not match its hash");
                        }
                        entries++;
                        expectedSeq++;
                        expectedPrevious = hash;
                    }
                }
            } finally {
                connection.commit();
                connection.setAutoCommit(true);
            }
            return new DecisionLog.Verification(true, entries, null, null, null);
        });
    }
}
