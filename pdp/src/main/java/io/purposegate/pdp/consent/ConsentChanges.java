package io.purposegate.pdp.consent;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The consent registry's changes for enforcement points' decision caches: which subject's consent version
 * changed, in order, in an in-memory ring of the last {@code capacity} changes. Only subject ids and versions,
 * never consent content. A cursor names this PDP's boot and a position in the ring; a cursor from another boot,
 * or older than the ring keeps, is answered with {@code reset}: the cache cannot know what it missed and drops
 * everything.
 */
public class ConsentChanges {

    /** Most changes one answer carries; the caller asks again at once with the new cursor for the rest. */
    public static final int MAX_PAGE = 1_000;

    /** One change: the subject's consent version is now {@code v} (for an erased subject, its last one). */
    public record Change(String subject, long v) {
    }

    /** An answer of the change feed. */
    @JsonPropertyOrder({ "cursor", "reset", "changes" })
    public record Page(String cursor, boolean reset, List<Change> changes) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boot;
    private final int capacity;
    private final String[] subjects;
    private final long[] versions;
    private long head;
    private final Set<CompletableFuture<Void>> waiters = new LinkedHashSet<>();
    /** Wakes waiting requests off the thread that changed the registry (which holds the registry's locks). */
    private final Executor wakeUps = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "consent-changes-wakeup");
        thread.setDaemon(true);
        return thread;
    });

    public ConsentChanges(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the change ring needs room for at least one change");
        }
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        this.boot = HexFormat.of().formatHex(id);
        this.capacity = capacity;
        this.subjects = new String[capacity];
        this.versions = new long[capacity];
    }

    /** Records that {@code subject}'s version is now {@code v} and wakes every waiting request. */
    public void record(String subject, long v) {
        List<CompletableFuture<Void>> woken;
        synchronized (this) {
            head++;
            int slot = (int) (head % capacity);
            subjects[slot] = subject;
            versions[slot] = v;
            if (waiters.isEmpty()) {
                return;
            }
            woken = new ArrayList<>(waiters);
            waiters.clear();
        }
        wakeUps.execute(() -> woken.forEach(w -> w.complete(null)));
    }

    /** The cursor of "now": the changes after it are the ones still to come. */
    public synchronized String cursor() {
        return encode(head);
    }

    /**
     * The changes after {@code cursor} (at most {@link #MAX_PAGE}), or a reset when this PDP cannot tell.
     *
     * @throws IllegalArgumentException when the text is not a cursor of this API
     */
    public Page after(String cursor) {
        return read(decode(cursor));
    }

    /**
     * Like {@link #after}, but when there is no change yet, completes with the first change or, with no change,
     * after {@code wait}. Never blocks the calling thread.
     *
     * @throws IllegalArgumentException when the text is not a cursor of this API
     */
    public CompletionStage<Page> next(String cursor, Duration wait) {
        Position position = decode(cursor);
        CompletableFuture<Void> woken = new CompletableFuture<>();
        synchronized (this) {
            Page now = read(position);
            if (now.reset() || !now.changes().isEmpty() || wait.isZero() || wait.isNegative()) {
                return CompletableFuture.completedFuture(now);
            }
            waiters.add(woken);
        }
        return woken.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(ignored -> {
                    synchronized (this) {
                        waiters.remove(woken);
                    }
                    return read(position);
                });
    }

    /** Requests waiting for a change (for tests and metrics). */
    public synchronized int waiting() {
        return waiters.size();
    }

    private record Position(String boot, long seq) {
    }

    private synchronized Page read(Position position) {
        long oldest = Math.max(1, head - capacity + 1);
        if (!boot.equals(position.boot()) || position.seq() > head || position.seq() + 1 < oldest) {
            return new Page(encode(head), true, List.of());
        }
        long last = Math.min(head, position.seq() + MAX_PAGE);
        List<Change> changes = new ArrayList<>((int) (last - position.seq()));
        for (long seq = position.seq() + 1; seq <= last; seq++) {
            int slot = (int) (seq % capacity);
            changes.add(new Change(subjects[slot], versions[slot]));
        }
        return new Page(encode(last), false, changes);
    }

    private String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((boot + "." + seq).getBytes(StandardCharsets.US_ASCII));
    }

    private static Position decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split("\\.");
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{16}")) {
                throw new IllegalArgumentException("not a cursor");
            }
            long seq = Long.parseLong(parts[1]);
            if (seq < 0) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new Position(parts[0], seq);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("cursor is not one this API issued", e);
        }
    }
}
