package io.purposegate.pdp.log;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.purposegate.pdp.store.Database;

/**
 * The durable, hash-chained record of every decision: what the rest of the PDP calls. It wires the parts
 * that each do one job: {@link LogWriter} appends in group commits (a decision waits until its entry is
 * durable), through a {@link DirectSink} (PostgreSQL: one transaction per group) or a
 * {@link JournalIndexer} (the embedded H2 file: an fsynced journal, indexed into the database in large
 * batches); {@link LogQueries} pages by subject and actor, {@link ChainVerifier} walks the chain,
 * {@link LogRetention} deletes the old end and keeps its anchor, {@link Checkpoints} signs the chain's head
 * and anchor. {@link RowStore} sets aside what the database cannot index, so no entry can stop any of them.
 * Queries, verification and retention first wait until the database holds every entry recorded before they started.
 */
public class DecisionLog implements AutoCloseable {

    private final LogWriter writer;
    private final JournalIndexer indexer;
    private final LogQueries queries;
    private final ChainVerifier verifier;
    private final LogRetention retention;
    private final Checkpoints checkpoints;

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

    /**
     * The chain checked: valid, or the first entry where it breaks; {@code entries} counts every entry checked,
     * {@code setAside} those of them the database could not index (the first {@value ChainVerifier#SET_ASIDE_LISTED}
     * listed in {@code setAsideEntries}).
     */
    public record Verification(boolean valid, long entries, Long brokenAtSeq, String brokenDecisionId, String reason,
            long setAside, List<SetAside> setAsideEntries, Map<String, Object> checkpoint) {
    }

    /** Name of the counter of entries set aside (Prometheus: {@code purposegate_decision_log_quarantined_total}). */
    public static final String SET_ASIDE_METRIC = "purposegate.decision.log.quarantined";

    /** The direct write path: every group commit is a database transaction. */
    public DecisionLog(Database database, int maxBatch, Duration writeTimeout) {
        this(database, maxBatch, writeTimeout, null, true, Duration.ZERO);
    }

    public DecisionLog(Database database, int maxBatch, Duration writeTimeout, Path journalDirectory, boolean fsync,
            Duration indexInterval) {
        this(database, maxBatch, writeTimeout, journalDirectory, fsync, indexInterval, Metrics.globalRegistry);
    }

    public DecisionLog(Database database, int maxBatch, Duration writeTimeout, Path journalDirectory, boolean fsync,
            Duration indexInterval, MeterRegistry metrics) {
        this(database, maxBatch, writeTimeout, journalDirectory, fsync, indexInterval, metrics, null);
    }

    /**
     * The journal write path when {@code journalDirectory} is set: groups are forced to the journal
     * (each group unless {@code fsync} is off) and indexed into the database every
     * {@code indexInterval}, or sooner when a query needs them. Entries the database misses after a
     * crash are put first in line for the indexer from the journal here, before the first new decision.
     * Entries set aside are counted in {@code metrics}. With a {@code checkpointKey}, the chain's head and
     * anchor are signed now, {@linkplain #signCheckpoint() when asked} and whenever retention moves the anchor,
     * and {@link #verify()} checks the chain against them.
     */
    public DecisionLog(Database database, int maxBatch, Duration writeTimeout, Path journalDirectory, boolean fsync,
            Duration indexInterval, MeterRegistry metrics, CheckpointKey checkpointKey) {
        Counter setAside = Counter.builder(SET_ASIDE_METRIC)
                .description("Decision-log entries the database could not index, kept in decision_log_quarantine")
                .register(metrics);
        RowStore store = new RowStore(database, entry -> setAside.increment());
        RowStore.Head head;
        try {
            head = store.head();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the decision log's chain head: " + RowStore.describe(e), e);
        }
        if (journalDirectory != null) {
            this.indexer = new JournalIndexer(store, head, journalDirectory, fsync, indexInterval, writeTimeout);
            this.writer = new LogWriter(indexer.head(), maxBatch, writeTimeout, indexer);
        } else {
            this.indexer = null;
            this.writer = new LogWriter(head, maxBatch, writeTimeout, new DirectSink(store));
        }
        this.queries = new LogQueries(database);
        this.checkpoints = checkpointKey == null ? null : new Checkpoints(database, checkpointKey);
        this.verifier = new ChainVerifier(database, checkpoints);
        this.retention = new LogRetention(database, checkpoints);
        if (checkpoints != null) {
            try {
                checkpoints.sign(); // the state found on start, an anchor from before checkpoints existed included
            } catch (SQLException e) {
                throw new IllegalStateException("cannot sign the decision log's first checkpoint: " + RowStore.describe(e), e);
            }
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
        if (indexer != null) {
            indexer.checkBacklog();
        }
        writer.recordAll(decisions);
    }

    /**
     * Waits until the database holds every entry recorded so far (at once on the direct path).
     *
     * @throws SQLException when the database does not catch up within the write timeout
     */
    public void flush() throws SQLException {
        if (indexer != null) {
            indexer.flush();
        }
    }

    /** Decisions about {@code subject}'s data, oldest first, in {@code [from, to)}. */
    public Page bySubject(String subject, Instant from, Instant to, Cursor after, int limit) throws SQLException {
        flush();
        return queries.bySubject(subject, from, to, after, limit);
    }

    /** Decisions an actor (client id or user id) asked for, oldest first, in {@code [from, to)}. */
    public Page byActor(String actor, Instant from, Instant to, Cursor after, int limit) throws SQLException {
        flush();
        return queries.byActor(actor, from, to, after, limit);
    }

    /** Walks the whole chain in order: every entry's hash, and every link to the one before. */
    public Verification verify() throws SQLException {
        flush();
        return verifier.verify();
    }

    /** Deletes entries older than {@code cutoff}; the hash of the newest deleted one becomes the chain's anchor. */
    public int deleteBefore(Instant cutoff) throws SQLException {
        flush();
        return retention.deleteBefore(cutoff);
    }

    /**
     * Signs a checkpoint of the chain as the database holds it, unless the newest one says the same.
     *
     * @return whether a checkpoint was signed (false also when this log has no checkpoint key)
     */
    public boolean signCheckpoint() throws SQLException {
        if (checkpoints == null) {
            return false;
        }
        flush();
        return checkpoints.sign();
    }

    /** The newest {@code limit} checkpoints, newest first (none without a checkpoint key). */
    public List<Checkpoints.Checkpoint> checkpoints(int limit) throws SQLException {
        return checkpoints == null ? List.of() : checkpoints.list(limit);
    }

    /** The public keys that verify checkpoints, as a JWKS. */
    public Map<String, Object> checkpointKeys() {
        return checkpoints == null ? Map.of("keys", List.of()) : checkpoints.key().publicJwks();
    }

    @Override
    public void close() {
        writer.close();
        if (indexer != null) {
            indexer.close();
        }
    }

    /** For tests: stops as a crash would, leaving journaled entries out of the database. */
    void haltWithoutIndexing() throws InterruptedException {
        if (indexer != null) {
            indexer.halt();
        }
        writer.close();
        if (indexer != null) {
            indexer.closeJournal();
        }
    }

    /** For tests: the journal, on the journal path. */
    DecisionJournal journal() {
        return indexer == null ? null : indexer.journal();
    }
}
