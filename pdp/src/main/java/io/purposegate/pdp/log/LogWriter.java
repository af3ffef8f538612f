package io.purposegate.pdp.log;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

/**
 * Appends decisions to the chain: one writer thread numbers, chains and hands groups of entries to a
 * {@link Sink} that makes them durable (a database transaction, or the journal), and a decision waits
 * until the group holding its entry is durable.
 */
final class LogWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LogWriter.class);

    /** Makes a group of chained rows durable, or throws and keeps none of them. */
    interface Sink {
        void write(List<LogRow> rows) throws SQLException, IOException;

        /** Called by the writer thread when it stops. */
        default void stopped() {
        }
    }

    /** Entries recorded together (one decision, or a batch's decisions): chained in order, in one group commit. */
    private record Pending(List<LoggedDecision> decisions, List<String> entries, CompletableFuture<Void> durable) {

        int size() {
            return entries.size();
        }
    }

    private final int maxBatch;
    private final Duration writeTimeout;
    private final Sink sink;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread thread;
    private volatile boolean running = true;
    private long lastSeq;
    private String lastHash;

    LogWriter(RowStore.Head head, int maxBatch, Duration writeTimeout, Sink sink) {
        this.lastSeq = head.seq();
        this.lastHash = head.hash();
        this.maxBatch = Math.max(1, maxBatch);
        this.writeTimeout = writeTimeout;
        this.sink = sink;
        this.thread = new Thread(this::writeLoop, "decision-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Appends {@code decisions} in their order, as consecutive entries of one group commit, and returns
     * once all of them are durable.
     */
    void recordAll(List<LoggedDecision> decisions) throws DecisionLogUnavailableException {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        // serialised on the caller's thread, so the single writer only chains, hashes and writes
        List<String> entries = new ArrayList<>(decisions.size());
        for (LoggedDecision decision : decisions) {
            entries.add(LogEntries.canonicalJson(decision));
        }
        if (!running || !queue.offer(new Pending(List.copyOf(decisions), entries, durable))) {
            throw new DecisionLogUnavailableException("the decision log is not accepting entries", null);
        }
        try {
            durable.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DecisionLogUnavailableException("the decision log could not write: " + RowStore.describe(asException(e.getCause())),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new DecisionLogUnavailableException("the decision log did not commit within " + writeTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionLogUnavailableException("interrupted while waiting for the decision log", e);
        }
    }

    private static Exception asException(Throwable cause) {
        return cause instanceof Exception e ? e : new RuntimeException(cause);
    }

    private void writeLoop() {
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
                List<LogRow> rows = chain(batch);
                sink.write(rows);
                LogRow last = rows.get(rows.size() - 1);
                lastSeq = last.seq(); // the chain head moves only once the group is durable
                lastHash = last.hash();
                batch.forEach(p -> p.durable().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (SQLException | IOException | RuntimeException e) {
                LOG.errorf("decision log write failed for %d entries: %s", batch.stream().mapToInt(Pending::size).sum(),
                        RowStore.describe(e));
                batch.forEach(p -> p.durable().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        sink.stopped();
    }

    /** The group's entries, numbered and chained after the current head. */
    private List<LogRow> chain(List<Pending> batch) {
        List<LogRow> rows = new ArrayList<>(batch.size());
        long seq = lastSeq;
        String hash = lastHash;
        for (Pending pending : batch) {
            for (int i = 0; i < pending.size(); i++) {
                seq++;
                LogRow row = LogRow.of(seq, ChainHash.CURRENT, pending.decisions().get(i), pending.entries().get(i), hash, null);
                hash = ChainHash.of(row);
                rows.add(row.withHash(hash));
            }
        }
        return rows;
    }

    /** Stops taking entries, writes those already taken, and waits for the thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
