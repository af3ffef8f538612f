package io.purposegate.pdp.log;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.purposegate.pdp.store.Database;

/** Pages of the stored decision log by subject or by actor, oldest first. */
final class LogQueries {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(LogQueries.class);

    private final Database database;

    LogQueries(Database database) {
        this.database = database;
    }

    DecisionLog.Page bySubject(String subject, Instant from, Instant to, DecisionLog.Cursor after, int limit) throws SQLException {
        return page("subject = ?", List.of(subject), from, to, after, limit);
    }

    DecisionLog.Page byActor(String actor, Instant from, Instant to, DecisionLog.Cursor after, int limit) throws SQLException {
        return page("(actor_client = ? OR actor_user = ?)", List.of(actor, actor), from, to, after, limit);
    }

    private DecisionLog.Page page(String filter, List<String> keys, Instant from, Instant to, DecisionLog.Cursor after, int limit)
            throws SQLException {
        String sql = "SELECT seq, time_ms, entry FROM decision_log WHERE " + filter
                + " AND time_ms >= ? AND time_ms < ? AND (time_ms > ? OR (time_ms = ? AND seq > ?))"
                + " ORDER BY time_ms, seq LIMIT ?";
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                int i = 1;
                for (String key : keys) {
                    query.setString(i++, key);
                }
                query.setLong(i++, from.toEpochMilli());
                query.setLong(i++, to.toEpochMilli());
                long afterTime = after == null ? Long.MIN_VALUE : after.timeMs();
                query.setLong(i++, afterTime);
                query.setLong(i++, afterTime);
                query.setLong(i++, after == null ? Long.MIN_VALUE : after.seq());
                query.setInt(i, limit + 1);
                List<LoggedDecision> decisions = new ArrayList<>();
                DecisionLog.Cursor last = null;
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        if (decisions.size() == limit) {
                            return new DecisionLog.Page(decisions, last);
                        }
                        last = new DecisionLog.Cursor(rows.getLong(2), rows.getLong(1));
                        try {
                            decisions.add(LogEntries.parse(rows.getString(3)));
                        } catch (SQLException e) {
                            // an altered row: verify reports it; the page goes on without it
                            LOG.warnf("decision log: entry %d is not readable and left out of a query", rows.getLong(1));
                        }
                    }
                }
                return new DecisionLog.Page(decisions, null);
            }
        });
    }
}
