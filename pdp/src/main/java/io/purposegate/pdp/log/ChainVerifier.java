package io.purposegate.pdp.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.purposegate.pdp.store.Database;

/**
 * Walks the stored chain in order, from the anchor (or genesis) to the head: every entry's hash and every
 * link to the one before, across the indexed entries and those set aside, and reports the first entry
 * where it breaks. Entries set aside are part of the chain: they are counted and listed, and do not make
 * it invalid.
 */
final class ChainVerifier {

    /** Most set-aside entries a verification lists (all are counted). */
    static final int SET_ASIDE_LISTED = 100;

    private final Database database;

    ChainVerifier(Database database) {
        this.database = database;
    }

    /** One stored entry, from either table. */
    private record Stored(long seq, String decisionId, String entry, String prevHash, String hash, String setAsideReason) {
    }

    /** Reads one table in sequence order, a row at a time. */
    private static final class Walk implements AutoCloseable {

        private final PreparedStatement statement;
        private final ResultSet rows;
        private final boolean setAside;
        private Stored next;

        Walk(Connection connection, String sql, boolean setAside) throws SQLException {
            this.statement = connection.prepareStatement(sql);
            statement.setFetchSize(500);
            this.rows = statement.executeQuery();
            this.setAside = setAside;
            advance();
        }

        Stored peek() {
            return next;
        }

        Stored take() throws SQLException {
            Stored taken = next;
            advance();
            return taken;
        }

        private void advance() throws SQLException {
            next = rows.next()
                    ? new Stored(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                            setAside ? rows.getString(6) : null)
                    : null;
        }

        @Override
        public void close() throws SQLException {
            try {
                rows.close();
            } finally {
                statement.close();
            }
        }
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
            long setAsideCount = 0;
            List<SetAside> setAside = new ArrayList<>();
            connection.setAutoCommit(false); // lets PostgreSQL stream with the fetch size
            try (Walk indexed = new Walk(connection,
                    "SELECT seq, decision_id, entry, prev_hash, hash FROM decision_log ORDER BY seq", false);
                    Walk aside = new Walk(connection,
                            "SELECT seq, decision_id, entry, prev_hash, hash, reason FROM decision_log_quarantine ORDER BY seq",
                            true)) {
                while (indexed.peek() != null || aside.peek() != null) {
                    Stored entry = aside.peek() == null
                            || (indexed.peek() != null && indexed.peek().seq() <= aside.peek().seq()) ? indexed.take() : aside.take();
                    if (entry.seq() != expectedSeq) {
                        return broken(entries, setAsideCount, setAside, entry,
                                entry.seq() < expectedSeq ? "entry " + entry.seq() + " is stored twice" : "entry " + expectedSeq + " is missing");
                    }
                    if (!expectedPrevious.equals(entry.prevHash())) {
                        return broken(entries, setAsideCount, setAside, entry, "link to the previous entry is broken");
                    }
                    if (entry.entry() == null) {
                        // set aside without its text (the database refused even that): only its link is checked, by the next entry
                        if (entry.setAsideReason() == null) {
                            return broken(entries, setAsideCount, setAside, entry, "entry has no text");
                        }
                    } else if (!ChainHash.of(expectedPrevious, entry.entry()).equals(entry.hash())) {
                        return broken(entries, setAsideCount, setAside, entry, "entry does not match its hash");
                    }
                    if (entry.setAsideReason() != null) {
                        setAsideCount++;
                        if (setAside.size() < SET_ASIDE_LISTED) {
                            setAside.add(new SetAside(entry.seq(), entry.decisionId(), entry.setAsideReason()));
                        }
                    }
                    entries++;
                    expectedSeq++;
                    expectedPrevious = entry.hash();
                }
            } finally {
                connection.commit();
                connection.setAutoCommit(true);
            }
            return new DecisionLog.Verification(true, entries, null, null, null, setAsideCount, List.copyOf(setAside));
        });
    }

    private static DecisionLog.Verification broken(long entries, long setAsideCount, List<SetAside> setAside, Stored at,
            String reason) {
        return new DecisionLog.Verification(false, entries, at.seq(), RowStore.printableId(at.decisionId()), reason, setAsideCount,
                List.copyOf(setAside));
    }
}
