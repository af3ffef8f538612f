package io.purposegate.pdp.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.purposegate.pdp.store.Database;

/**
 * Walks the stored chain in order, from the anchor (or genesis) to the head: every entry's hash over its
 * stored columns (by its hash version) and every link to the one before, across the indexed entries and
 * those set aside; then the chain against the newest signed checkpoint (not shorter than what was signed,
 * the same entry where it was signed) and the anchor against a signed checkpoint. Reports the first entry
 * where it breaks. Entries set aside are part of the chain: counted and listed, they do not make it invalid.
 */
final class ChainVerifier {

    /** Most set-aside entries a verification lists (all are counted). */
    static final int SET_ASIDE_LISTED = 100;

    private final Database database;
    private final Checkpoints checkpoints;

    /** {@code checkpoints} null: the chain alone is checked. */
    ChainVerifier(Database database, Checkpoints checkpoints) {
        this.database = database;
        this.checkpoints = checkpoints;
    }

    /** One stored entry, from either table; a set-aside one carries its reason and only its text as columns. */
    private record Stored(LogRow row, String setAsideReason) {
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
            if (!rows.next()) {
                next = null;
            } else if (setAside) {
                // seq, hash_version, decision_id, entry, prev_hash, hash, reason: the columns come from the kept text
                String entry = rows.getString(4);
                LogRow row = entry == null
                        ? new LogRow(rows.getLong(1), rows.getInt(2), rows.getString(3), 0, null, null, null, null, null, null, null,
                                null, rows.getString(5), rows.getString(6), null)
                        : LogRow.fromEntry(rows.getLong(1), rows.getInt(2), entry, rows.getString(5), rows.getString(6));
                next = new Stored(row, rows.getString(7));
            } else {
                next = new Stored(new LogRow(rows.getLong(1), rows.getInt(2), rows.getString(3), rows.getLong(4), rows.getString(5),
                        rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9), rows.getString(10),
                        rows.getString(11), rows.getString(12), rows.getString(13), rows.getString(14), null), null);
            }
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

    /** Progress of one walk, for the report. */
    private static final class Tally {
        long entries;
        long setAsideCount;
        final List<SetAside> setAside = new ArrayList<>();
        Map<String, Object> checkpoint;

        DecisionLog.Verification broken(long seq, String decisionId, String reason) {
            return new DecisionLog.Verification(false, entries, seq, RowStore.printableId(decisionId), reason, setAsideCount,
                    List.copyOf(setAside), checkpoint);
        }

        DecisionLog.Verification valid() {
            return new DecisionLog.Verification(true, entries, null, null, null, setAsideCount, List.copyOf(setAside), checkpoint);
        }
    }

    DecisionLog.Verification verify() throws SQLException {
        return database.withConnection(connection -> {
            connection.setAutoCommit(false); // one snapshot on PostgreSQL, and streaming with the fetch size
            try {
                return verify(connection);
            } finally {
                connection.commit();
                connection.setAutoCommit(true);
            }
        });
    }

    private DecisionLog.Verification verify(Connection connection) throws SQLException {
        RowStore.Head anchor = Checkpoints.anchor(connection);
        Checkpoints.Checkpoint newest = checkpoints == null ? null : checkpoints.newestKnown(connection);
        Tally tally = new Tally();
        if (newest != null) {
            tally.checkpoint = Checkpoints.summary(newest);
        }
        String expectedPrevious = anchor.hash();
        long expectedSeq = anchor.seq() + 1;
        int highestVersion = 1;
        String hashAtCheckpoint = null;
        try (Walk indexed = new Walk(connection, "SELECT seq, hash_version, decision_id, time_ms, subject, actor_client, actor_user,"
                + " purpose, action, resource_type, resource_id, entry, prev_hash, hash FROM decision_log ORDER BY seq", false);
                Walk aside = new Walk(connection, "SELECT seq, hash_version, decision_id, entry, prev_hash, hash, reason"
                        + " FROM decision_log_quarantine ORDER BY seq", true)) {
            while (indexed.peek() != null || aside.peek() != null) {
                Stored stored = aside.peek() == null
                        || (indexed.peek() != null && indexed.peek().row().seq() <= aside.peek().row().seq()) ? indexed.take() : aside.take();
                LogRow row = stored.row();
                if (row.seq() != expectedSeq) {
                    return tally.broken(row.seq(), row.decisionId(), row.seq() < expectedSeq
                            ? "entry " + row.seq() + " is stored twice" : "entry " + expectedSeq + " is missing");
                }
                if (!expectedPrevious.equals(row.prevHash())) {
                    return tally.broken(row.seq(), row.decisionId(), "link to the previous entry is broken");
                }
                if (row.hashVersion() < highestVersion) {
                    return tally.broken(row.seq(), row.decisionId(), "hash version " + row.hashVersion() + " after version " + highestVersion);
                }
                highestVersion = row.hashVersion();
                if (row.entry() == null && stored.setAsideReason() == null) {
                    return tally.broken(row.seq(), row.decisionId(), "entry has no text");
                }
                // a set-aside entry without its text (the database refused even that): its link is checked by the next entry
                if (row.entry() != null && !row.hash().equals(row.expectedHash())) {
                    return tally.broken(row.seq(), row.decisionId(), "entry does not match its hash");
                }
                if (stored.setAsideReason() != null) {
                    tally.setAsideCount++;
                    if (tally.setAside.size() < SET_ASIDE_LISTED) {
                        tally.setAside.add(new SetAside(row.seq(), RowStore.printableId(row.decisionId()), stored.setAsideReason()));
                    }
                }
                if (newest != null && row.seq() == newest.seq()) {
                    hashAtCheckpoint = row.hash();
                }
                tally.entries++;
                expectedSeq++;
                expectedPrevious = row.hash();
            }
        }
        if (checkpoints == null) {
            return tally.valid();
        }
        long head = expectedSeq - 1;
        if (newest != null) {
            String problem = checkpoints.problemOf(newest);
            if (problem != null) {
                return tally.broken(newest.seq(), null, problem);
            }
            if (newest.seq() > head) {
                return tally.broken(head + 1, null, "entries " + (head + 1) + " to " + newest.seq()
                        + " are missing: checkpoint " + newest.id() + " signed the chain up to entry " + newest.seq());
            }
            if (newest.seq() > anchor.seq() && !newest.hash().equals(hashAtCheckpoint)) {
                return tally.broken(newest.seq(), null, "entry differs from what checkpoint " + newest.id() + " signed");
            }
        }
        if (anchor.seq() > 0 && !anchorSigned(connection, anchor)) {
            return tally.broken(anchor.seq(), null, "the anchor (where retention cut the chain) is not confirmed by a signed checkpoint");
        }
        return tally.valid();
    }

    private boolean anchorSigned(Connection connection, RowStore.Head anchor) throws SQLException {
        for (Checkpoints.Checkpoint checkpoint : Checkpoints.list(connection, 20, anchor.seq())) {
            if (checkpoint.anchorHash().equals(anchor.hash()) && checkpoints.problemOf(checkpoint) == null) {
                return true;
            }
        }
        return false;
    }
}
