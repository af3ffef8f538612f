package io.purposegate.pdp.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.purposegate.pdp.store.Database;

/**
 * The durable, hash-chained record of every decision. One writer thread appends in group commits: a
 * decision waits until the transaction holding its entry has committed, so every answer the PDP gives
 * is already logged. Each entry's hash covers the previous entry's hash and the entry's canonical JSON;
 * {@link #verify()} walks the chain. Entries past the retention period are deleted from the old end,
 * and the hash of the last deleted entry is kept as the anchor the remaining chain must start from.
 */
public class DecisionLog implements AutoCloseable {

    static final String GENESIS = "0".repeat(64);

    private static final Logger LOG = Logger.getLogger(DecisionLog.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Database database;
    private final int maxBatch;
    private final Duration writeTimeout;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread writer;
    private volatile boolean running = true;

    private long lastSeq;
    private String lastHash;

    private record Pending(LoggedDecision decision, CompletableFuture<Void> durable) {
    }

    /** Where a query resumes: the (time, seq) of the last entry of the previous page. */
    public record Cursor(long timeMs, long seq) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((timeMs + ":" + seq).getBytes(StandardCharsets.US_ASCII));
        }

        /** @throws IllegalArgumentException when the text is no cursor this log issued */
        public static Cursor decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split(":");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("not a cursor");
                }
                return new Cursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cursor is not one this API issued", e);
            }
        }
    }

    public record Page(List<LoggedDecision> decisions, Cursor next) {
    }

    /** The chain checked: valid, or the first entry where it breaks. */
    public record Verification(boolean valid, long entries, Long brokenAtSeq, String brokenDecisionId, String reason) {
    }

    public DecisionLog(Database database, int maxBatch, Duration writeTimeout) {
        this.database = database;
        this.maxBatch = Math.max(1, maxBatch);
        this.writeTimeout = writeTimeout;
        loadChainHead();
        this.writer = new Thread(this::writeLoop, "decision-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void loadChainHead() {
        try {
            database.withConnection(connection -> {
                try (PreparedStatement last = connection.prepareStatement(
                        "SELECT seq, hash FROM decision_log ORDER BY seq DESC LIMIT 1");
                        ResultSet row = last.executeQuery()) {
                    if (row.next()) {
                        lastSeq = row.getLong(1);
                        lastHash = row.getString(2);
                        return null;
                    }
                }
                try (PreparedStatement anchor = connection.prepareStatement("SELECT seq, hash FROM decision_log_anchor WHERE id = 1");
                        ResultSet row = anchor.executeQuery()) {
                    if (row.next()) {
                        lastSeq = row.getLong(1);
                        lastHash = row.getString(2);
                    } else {
                        lastSeq = 0;
                        lastHash = GENESIS;
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the decision log's chain head: " + e.getMessage(), e);
        }
    }

    /**
     * Appends {@code decision} and returns once it is committed.
     *
     * @throws DecisionLogUnavailableException when it is not durable within the write timeout
     */
    public void record(LoggedDecision decision) throws DecisionLogUnavailableException {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(decision, durable))) {
            throw new DecisionLogUnavailableException("the decision log is not accepting entries", null);
        }
        try {
            durable.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DecisionLogUnavailableException("the decision log could not write: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new DecisionLogUnavailableException("the decision log did not commit within " + writeTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionLogUnavailableException("interrupted while waiting for the decision log", e);
        }
    }

    private void writeLoop() {
        Connection connection = null;
        try {
            connection = database.open(); // opened before the first decision, not by it
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            LOG.errorf("decision log: cannot open the writer's connection yet: %s", e.getMessage());
            closeQuietly(connection);
            connection = null;
        }
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                // a failed batch drops the connection (below); no validity round trip per batch
                if (connection == null) {
                    connection = database.open();
                    connection.setAutoCommit(false);
                }
                append(connection, batch);
                batch.forEach(p -> p.durable().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (SQLException | RuntimeException e) {
                LOG.errorf("decision log write failed for %d entries: %s", batch.size(), e.getMessage());
                batch.forEach(p -> p.durable().completeExceptionally(e));
                closeQuietly(connection);
                connection = null;
            } finally {
                batch.clear();
            }
        }
        closeQuietly(connection);
    }

    /** One transaction for the batch; the chain head moves only when it committed. */
    private void append(Connection connection, List<Pending> batch) throws SQLException {
        long seq = lastSeq;
        String hash = lastHash;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO decision_log (seq, decision_id, time_ms, subject, actor_client, actor_user, entry, prev_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Pending pending : batch) {
                LoggedDecision decision = pending.decision();
                String entry = canonicalJson(decision);
                String previous = hash;
                hash = chainHash(previous, entry);
                seq++;
                insert.setLong(1, seq);
                insert.setString(2, decision.decisionId());
                insert.setLong(3, Instant.parse(decision.time()).toEpochMilli());
                insert.setString(4, decision.subject());
                insert.setString(5, decision.actor() == null ? null : decision.actor().clientId());
                insert.setString(6, decision.actor() == null ? null : decision.actor().userId());
                insert.setString(7, entry);
                insert.setString(8, previous);
                insert.setString(9, hash);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is dropped by the caller
            }
            throw e;
        }
        lastSeq = seq;
        lastHash = hash;
    }

    static String canonicalJson(LoggedDecision decision) {
        try {
            return JSON.writeValueAsString(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision could not be serialized", e);
        }
    }

    static String chainHash(String previousHash, String entry) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) '\n');
            sha256.update(entry.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Decisions about {@code subject}'s data, oldest first, in {@code [from, to)}. */
    public Page bySubject(String subject, Instant from, Instant to, Cursor after, int limit) throws SQLException {
        return page("subject = ?", List.of(subject), from, to, after, limit);
    }

    /** Decisions an actor (client id or user id) asked for, oldest first, in {@code [from, to)}. */
    public Page byActor(String actor, Instant from, Instant to, Cursor after, int limit) throws SQLException {
        return page("(actor_client = ? OR actor_user = ?)", List.of(actor, actor), from, to, after, limit);
    }

    private Page page(String filter, List<String> keys, Instant from, Instant to, Cursor after, int limit) throws SQLException {
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
                Cursor last = null;
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        if (decisions.size() == limit) {
                            return new Page(decisions, last);
                        }
                        decisions.add(parse(rows.getString(3)));
                        last = new Cursor(rows.getLong(2), rows.getLong(1));
                    }
                }
                return new Page(decisions, null);
            }
        });
    }

    private static LoggedDecision parse(String entry) throws SQLException {
        try {
            return JSON.readValue(entry, LoggedDecision.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("a decision-log entry is not readable", e);
        }
    }

    /** Walks the whole chain in order: every entry's hash, and every link to the one before. */
    public Verification verify() throws SQLException {
        return database.withConnection(connection -> {
            String expectedPrevious = GENESIS;
            long expectedSeq = 1;
            try (PreparedStatement anchor = connection.prepareStatement("SELECT seq, hash FROM decision_log_anchor WHERE id = 1");
                    ResultSet row = anchor.executeQuery()) {
                if (row.next()) {
                    expectedSeq = row.getLong(1) + 1;
                    expectedPrevious = row.getString(2);
                }
            }
            long entries = 0;
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // lets PostgreSQL stream with the fetch size
            try (PreparedStatement walk = connection.prepareStatement(
                    "SELECT seq, decision_id, entry, prev_hash, hash FROM decision_log ORDER BY seq")) {
                walk.setFetchSize(500);
                try (ResultSet rows = walk.executeQuery()) {
                    while (rows.next()) {
                        long seq = rows.getLong(1);
                        String decisionId = rows.getString(2);
                        if (seq != expectedSeq) {
                            return new Verification(false, entries, seq, decisionId, "entry " + expectedSeq + " is missing");
                        }
                        if (!expectedPrevious.equals(rows.getString(4))) {
                            return new Verification(false, entries, seq, decisionId, "link to the previous entry is broken");
                        }
                        String hash = chainHash(expectedPrevious, rows.getString(3));
                        if (!hash.equals(rows.getString(5))) {
                            return new Verification(false, entries, seq, decisionId, "entry does not match its hash");
                        }
                        entries++;
                        expectedSeq++;
                        expectedPrevious = hash;
                    }
                }
            } finally {
                connection.commit();
                connection.setAutoCommit(autoCommit);
            }
            return new Verification(true, entries, null, null, null);
        });
    }

    /** Deletes entries older than {@code cutoff}; the hash of the newest deleted one becomes the chain's anchor. */
    public int deleteBefore(Instant cutoff) throws SQLException {
        return database.withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                long seq;
                String hash;
                try (PreparedStatement newest = connection.prepareStatement(
                        "SELECT seq, hash FROM decision_log WHERE seq = (SELECT MAX(seq) FROM decision_log WHERE time_ms < ?)")) {
                    newest.setLong(1, cutoff.toEpochMilli());
                    try (ResultSet row = newest.executeQuery()) {
                        if (!row.next()) {
                            connection.rollback();
                            return 0;
                        }
                        seq = row.getLong(1);
                        hash = row.getString(2);
                    }
                }
                int deleted;
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM decision_log WHERE seq <= ?")) {
                    delete.setLong(1, seq);
                    deleted = delete.executeUpdate();
                }
                try (PreparedStatement clear = connection.prepareStatement("DELETE FROM decision_log_anchor WHERE id = 1");
                        PreparedStatement anchor = connection.prepareStatement(
                                "INSERT INTO decision_log_anchor (id, seq, hash) VALUES (1, ?, ?)")) {
                    clear.executeUpdate();
                    anchor.setLong(1, seq);
                    anchor.setString(2, hash);
                    anchor.executeUpdate();
                }
                connection.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // dropped
            }
        }
    }
}
