package io.purposegate.pdp.log;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.purposegate.pdp.store.Database;

/**
 * The journal write path (the embedded H2 file): each group is forced to the {@link DecisionJournal};
 * an indexer thread moves journaled entries into the database in large transactions, oldest first,
 * every {@code indexInterval} or sooner when a query {@linkplain #flush() needs them}. Entries the
 * database misses after a crash are put back in line from the journal when this starts.
 */
final class JournalIndexer implements LogWriter.Sink, AutoCloseable {

    /** Entries recorded but not yet in the database beyond which new decisions are refused. */
    static final int MAX_UNINDEXED = 50_000;
    private static final int INDEX_BATCH = 5_000;
    private static final long SEGMENT_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(JournalIndexer.class);

    private final RowStore store;
    private final DecisionJournal journal;
    private final Duration indexInterval;
    private final Duration writeTimeout;
    private final ConcurrentLinkedQueue<LogRow> unindexed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unindexedCount = new AtomicInteger();
    private final Object indexProgress = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long journaledSeq;
    private volatile long indexedSeq;
    private boolean flushRequested;
    private RowStore.Head head;
    private long storedSeq;

    /** Opens the journal in {@code directory} and replays what the database (ending at {@code stored}) misses. */
    JournalIndexer(RowStore store, RowStore.Head stored, Path directory, boolean fsync, Duration indexInterval,
            Duration writeTimeout) {
        this.store = store;
        this.indexInterval = indexInterval;
        this.writeTimeout = writeTimeout;
        this.head = stored;
        try {
            this.journal = new DecisionJournal(directory, fsync, SEGMENT_BYTES);
            replay();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the decision journal in " + directory + ": " + e.getMessage(), e);
        }
        journaledSeq = head.seq();
        indexedSeq = storedSeq;
        this.thread = new Thread(this::indexLoop, "decision-log-indexer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The chain's head once the journal is replayed: where the writer goes on. */
    RowStore.Head head() {
        return head;
    }

    /**
     * Puts the journal's entries the database does not have first in line for the indexer, and deletes the
     * segments the database already holds. Nothing here writes to the database, so no entry can stop a start.
     */
    private void replay() throws IOException {
        List<LogRow> missing = journal.entriesAfter(head.seq(), head.hash());
        storedSeq = head.seq();
        if (!missing.isEmpty()) {
            unindexed.addAll(missing);
            unindexedCount.addAndGet(missing.size());
            LogRow last = missing.get(missing.size() - 1);
            head = new RowStore.Head(last.seq(), last.hash());
            flushRequested = true; // indexed at once, not after the first interval
            LOG.infof("decision log: %d journaled entries are not in the database yet; indexing them", missing.size());
        }
        journal.release(storedSeq);
    }

    /** Refuses new decisions while the database is too far behind the journal. */
    void checkBacklog() throws DecisionLogUnavailableException {
        if (unindexedCount.get() >= MAX_UNINDEXED) {
            throw new DecisionLogUnavailableException("the decision log's database is " + MAX_UNINDEXED
                    + " entries behind its journal", null);
        }
    }

    @Override
    public void write(List<LogRow> rows) throws IOException {
        journal.append(rows);
        unindexed.addAll(rows);
        unindexedCount.addAndGet(rows.size());
        journaledSeq = rows.get(rows.size() - 1).seq();
    }

    private void indexLoop() {
        Connection connection = null;
        List<LogRow> batch = new ArrayList<>(INDEX_BATCH);
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
                    if (batch.isEmpty()) { // rows set aside are done too: nothing a row holds can stop this loop
                        LogRow row;
                        while (batch.size() < INDEX_BATCH && (row = unindexed.poll()) != null) {
                            batch.add(row);
                        }
                    }
                    if (connection == null) {
                        connection = store.openWriterConnection();
                    }
                    store.store(connection, batch);
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
                        connection = store.openWriterConnection();
                    }
                    store.sync(connection);
                    journal.release(indexedSeq);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (SQLException | IOException | RuntimeException e) {
                // the batch is kept and retried first: entries stay in the journal and reach the database in order
                LOG.errorf("decision log: indexing %d journaled entries failed, retrying: %s", batch.size(), RowStore.describe(e));
                RowStore.closeQuietly(connection);
                connection = null;
                Database.pause(Math.min(5_000L, 100L << Math.min(6, failures++)));
            }
        }
        RowStore.closeQuietly(connection);
    }

    /**
     * Waits until the database holds every entry journaled so far.
     *
     * @throws SQLException when the database does not catch up within the write timeout
     */
    void flush() throws SQLException {
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

    /** Indexes what is journaled, then stops. */
    @Override
    public void close() {
        running = false;
        synchronized (indexProgress) {
            flushRequested = true;
            indexProgress.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }

    /** For tests: stops as a crash would, leaving journaled entries out of the database. */
    void halt() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }

    /** Closes the journal's files once the writer has stopped (after {@link #halt()}). */
    void closeJournal() {
        journal.close();
    }

    DecisionJournal journal() {
        return journal;
    }
}
