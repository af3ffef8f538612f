package io.purposegate.pdp.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.purposegate.pdp.store.Database;

/**
 * The durable, hash-chained record of every decision. One writer thread appends in group commits: a
 * decision waits until the group holding its entry is durable, so every answer the PDP gives is
 * already logged. Each entry's hash covers the previous entry's hash and the entry's canonical JSON;
 * {@link #verify()} walks the chain. Entries past the retention period are deleted from the old end,
 * and the hash of the last deleted entry is kept as the anchor the remaining chain must start from.
 *
 * <p>Two write paths, one format:
 * <ul>
 * <li><b>direct</b> (PostgreSQL): each group is one database transaction; the database's own
 * write-ahead log makes it durable.</li>
 * <li><b>journal</b> (the embedded H2 file): each group is appended to a {@link DecisionJournal} and
 * forced to disk; an indexer thread moves entries into the database in large transactions. An
 * embedded copy-on-write store pays for every commit with whole pages (measured: about 12 KB of file
 * and more CPU than the rest of the decision for each small commit), so it gets few, large ones.
 * Queries, {@link #verify()} and retention first wait until the database holds every entry recorded
 * before they started.</li>
 * </ul>
 */
public class DecisionLog implements AutoCloseable {

    static final String GENESIS = "0".repeat(64);
    /** Entries recorded but not yet in the database beyond which new decisions are refused (journal path). */
    static final int MAX_UNINDEXED = 50_000;
    private static final int INDEX_BATCH = 5_000;
    private static final long SEGMENT_BYTES = 16L * 1024 * 1024;

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

    // journal path only
    private final DecisionJournal journal;
    private final Duration indexInterval;
    private final Thread indexer;
    private final ConcurrentLinkedQueue<DecisionJournal.Row> unindexed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unindexedCount = new AtomicInteger();
    private final Object indexProgress = new Object();
    private volatile long journaledSeq;
    private volatile long indexedSeq;
    private boolean flushRequested;

    /** Entries recorded together (one decision, or a batch's decisions): chained in order, in one group commit. */
    private record Pending(List<LoggedDecision> decisions, List<String> entries, CompletableFuture<Void> durable) {

        int size() {
            return entries.size();
        }
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

    /** The direct write path: every group commit is a database transaction. */
    public DecisionLog(Database database, int maxBatch, Duration writeTimeout) {
        this(database, maxBatch, writeTimeout, null, true, Duration.ZERO);
    }

    /**
     * The journal write path when {@code journalDirectory} is set: groups are forced to the journal
     * (each group unless {@code fsync} is off) and indexed into the database every
     * {@code indexInterval}, or sooner when a query needs them. Entries the database misses after a
     * crash are replayed from the journal here, before the first new decision.
     */
    public DecisionLog(Database database, int maxBatch, Duration writeTimeout, Path journalDirectory, boolean fsync,
            Duration indexInterval) {
        this.database = database;
        this.maxBatch = Math.max(1, maxBatch);
        this.writeTimeout = writeTimeout;
        this.indexInterval = indexInterval;
        loadChainHead();
        if (journalDirectory != null) {
            try {
                this.journal = new DecisionJournal(journalDirectory, fsync, SEGMENT_BYTES);
                replayJournal();
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("cannot recover the decision journal in " + journalDirectory + ": "
                        + e.getMessage(), e);
            }
            journaledSeq = lastSeq;
            indexedSeq = lastSeq;
            this.indexer = new Thread(this::indexLoop, "decision-log-indexer");
            indexer.setDaemon(true);
            indexer.start();
        } else {
            this.journal = null;
            this.indexer = null;
        }
        this.writer = new Thread(this::writeLoop, "decision-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Puts the journal's entries the database does not have into it, and deletes what is then indexed. */
    private void replayJournal() throws IOException, SQLException {
        List<DecisionJournal.Row> missing = journal.entriesAfter(lastSeq, lastHash);
        if (!missing.isEmpty()) {
            try (Connection connection = database.open()) {
                connection.setAutoCommit(false);
                for (int from = 0; from < missing.size(); from += INDEX_BATCH) {
                    insert(connection, missing.subList(from, Math.min(missing.size(), from + INDEX_BATCH)));
                }
                syncDatabase(connection);
            }
            DecisionJournal.Row last = missing.get(missing.size() - 1);
            lastSeq = last.seq();
            lastHash = last.hash();
            LOG.infof("decision log: %d entries replayed from the journal into the database", missing.size());
        }
        journal.release(lastSeq);
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
        recordAll(List.of(decision));
    }

    /**
     * Appends {@code decisions} in their order, as consecutive entries of one group commit, and returns
     * once all of them are committed: all or none become durable (a batch of decisions is answered as a whole).
     *
     * @throws DecisionLogUnavailableException when they are not durable within the write timeout
     */
    public void recordAll(List<LoggedDecision> decisions) throws DecisionLogUnavailableException {
        if (decisions.isEmpty()) {
            return;
        }
        if (journal != null && unindexedCount.get() >= MAX_UNINDEXED) {
            throw new DecisionLogUnavailableException("the decision log's database is " + MAX_UNINDEXED
                    + " entries behind its journal", null);
        }
        CompletableFuture<Void> durable = new CompletableFuture<>();
        // serialised on the caller's thread, so the single writer only chains, hashes and writes
        List<String> entries = new ArrayList<>(decisions.size());
        for (LoggedDecision decision : decisions) {
            entries.add(canonicalJson(decision));
        }
        if (!running || !queue.offer(new Pending(List.copyOf(decisions), entries, durable))) {
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
        if (journal == null) {
            try {
                connection = database.open(); // opened before the first decision, not by it
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                LOG.errorf("decision log: cannot open the writer's connection yet: %s", e.getMessage());
                closeQuietly(connection);
                connection = null;
            }
        }
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                // up to maxBatch entries per group; a larger batch of decisions is a group of its own
                int entries = first.size();
                Pending next;
                while ((next = queue.peek()) != null && entries + next.size() <= maxBatch) {
                    batch.add(queue.poll()); // the only consumer: poll returns what peek saw
                    entries += next.size();
                }
                List<DecisionJournal.Row> rows = chain(batch);
                if (journal != null) {
                    journal.append(rows);
                    unindexed.addAll(rows);
                    unindexedCount.addAndGet(rows.size());
                    journaledSeq = rows.get(rows.size() - 1).seq();
                } else {
                    // a failed batch drops the connection (below); no validity round trip per batch
                    if (connection == null) {
                        connection = database.open();
                        connection.setAutoCommit(false);
                    }
                    insert(connection, rows);
                }
                DecisionJournal.Row last = rows.get(rows.size() - 1);
                lastSeq = last.seq(); // the chain head moves only once the group is durable
                lastHash = last.hash();
                batch.forEach(p -> p.durable().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (SQLException | IOException | RuntimeException e) {
                LOG.errorf("decision log write failed for %d entries: %s", batch.stream().mapToInt(Pending::size).sum(),
                        e.getMessage());
                batch.forEach(p -> p.durable().completeExceptionally(e));
                closeQuietly(connection);
                connection = null;
            } finally {
                batch.clear();
            }
        }
        closeQuietly(connection);
    }

    /** The group's entries, numbered and chained after the current head. */
    private List<DecisionJournal.Row> chain(List<Pending> batch) {
        List<DecisionJournal.Row> rows = new ArrayList<>(batch.size());
        long seq = lastSeq;
        String hash = lastHash;
        for (Pending pending : batch) {
            for (int i = 0; i < pending.size(); i++) {
                String previous = hash;
                hash = chainHash(previous, pending.entries().get(i));
                seq++;
                rows.add(row(seq, pending.decisions().get(i), pending.entries().get(i), previous, hash));
            }
        }
        return rows;
    }

    static DecisionJournal.Row row(long seq, LoggedDecision decision, String entry, String prevHash, String hash) {
        LoggedDecision.Actor actor = decision.actor();
        return new DecisionJournal.Row(seq, decision.decisionId(), Instant.parse(decision.time()).toEpochMilli(),
                decision.subject(), actor == null ? null : actor.clientId(), actor == null ? null : actor.userId(), entry,
                prevHash, hash);
    }

    /** One transaction for the rows. */
    private static void insert(Connection connection, List<DecisionJournal.Row> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO decision_log (seq, decision_id, time_ms, subject, actor_client, actor_user, entry, prev_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (DecisionJournal.Row row : rows) {
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
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is dropped by the caller
            }
            throw e;
        }
    }

    /** Journal path: moves journaled entries into the database in large transactions, oldest first. */
    private void indexLoop() {
        Connection connection = null;
        List<DecisionJournal.Row> batch = new ArrayList<>(INDEX_BATCH);
        int failures = 0;
        while (running || !unindexed.isEmpty() || !batch.isEmpty()) {
            try {
                synchronized (indexProgress) {
                    if (!flushRequested && running) {
                        indexProgress.wait(Math.max(1, indexInterval.toMillis()));
                    }
                    flushRequested = false;
                }
                while (!batch.isEmpty() || !unindexed.isEmpty()) {
                    if (batch.isEmpty()) {
                        DecisionJournal.Row row;
                        while (batch.size() < INDEX_BATCH && (row = unindexed.poll()) != null) {
                            batch.add(row);
                        }
                    }
                    if (connection == null) {
                        connection = openIndexConnection();
                    }
                    insert(connection, batch);
                    unindexedCount.addAndGet(-batch.size());
                    synchronized (indexProgress) {
                        indexedSeq = batch.get(batch.size() - 1).seq();
                        indexProgress.notifyAll();
                    }
                    batch.clear();
                    failures = 0;
                }
                if (journal.hasClosedSegments()) {
                    if (connection == null) {
                        connection = openIndexConnection();
                    }
                    syncDatabase(connection);
                    journal.release(indexedSeq);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | IOException | RuntimeException e) {
                // the batch is kept and retried first: entries stay in the journal and reach the database in order
                LOG.errorf("decision log: indexing %d journaled entries failed, retrying: %s", batch.size(), e.getMessage());
                closeQuietly(connection);
                connection = null;
                Database.pause(Math.min(5_000L, 100L << Math.min(6, failures++)));
            }
        }
        closeQuietly(connection);
    }

    private Connection openIndexConnection() throws SQLException {
        Connection connection = database.open();
        connection.setAutoCommit(false);
        return connection;
    }

    /** Forces the embedded database's file to disk, before journal segments it now holds are deleted. */
    private void syncDatabase(Connection connection) throws SQLException {
        if (database.isPostgres()) {
            return;
        }
        try (java.sql.Statement checkpoint = connection.createStatement()) {
            checkpoint.execute("CHECKPOINT SYNC");
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /**
     * Waits until the database holds every entry recorded so far (at once on the direct path).
     *
     * @throws SQLException when the database does not catch up within the write timeout
     */
    public void flush() throws SQLException {
        if (journal == null) {
            return;
        }
        long target = journaledSeq;
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        synchronized (indexProgress) {
            while (indexedSeq < target) {
                flushRequested = true;
                indexProgress.notifyAll();
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new SQLException("the decision log's database is behind its journal (entry " + indexedSeq
                            + " of " + target + ")");
                }
                try {
                    indexProgress.wait(Math.min(left, 50));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for the decision log's database", e);
                }
            }
        }
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
        flush();
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

    static LoggedDecision parse(String entry) throws SQLException {
        try {
            return JSON.readValue(entry, LoggedDecision.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("a decision-log entry is not readable", e);
        }
    }

    /** Walks the whole chain in order: every entry's hash, and every link to the one before. */
    public Verification verify() throws SQLException {
        flush();
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
        flush();
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
            if (indexer != null) {
                synchronized (indexProgress) {
                    flushRequested = true;
                    indexProgress.notifyAll();
                }
                indexer.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (journal != null) {
            journal.close();
        }
    }

    /** For tests: stops as a crash would, leaving journaled entries out of the database. */
    void haltWithoutIndexing() throws InterruptedException {
        running = false;
        if (indexer != null) {
            indexer.interrupt();
            indexer.join(5_000);
        }
        writer.join(5_000);
        if (journal != null) {
            journal.close();
        }
    }

    /** For tests: the journal, on the journal path. */
    DecisionJournal journal() {
        return journal;
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
