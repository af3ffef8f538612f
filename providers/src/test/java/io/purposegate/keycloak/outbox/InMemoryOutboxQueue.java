package io.purposegate.keycloak.outbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outbox table as {@link JpaOutboxQueue} reads and writes it, in memory, for the delivery rules' tests. */
final class InMemoryOutboxQueue implements OutboxQueue {

    static final class Row {
        final String id;
        final String userId;
        final long version;
        final long createdAt;
        int attempts;
        long nextAttemptAt;
        String lastError;

        Row(String id, String userId, long version, long createdAt) {
            this.id = id;
            this.userId = userId;
            this.version = version;
            this.createdAt = createdAt;
            this.nextAttemptAt = createdAt;
        }
    }

    final Map<String, Row> rows = new LinkedHashMap<>();

    /** Enqueues an event the way {@code Outbox.enqueue} does: due at once. */
    Pending add(String userId, long version, long now) {
        String id = userId + "-v" + version;
        rows.put(id, new Row(id, userId, version, now));
        return pending(rows.get(id));
    }

    List<String> ids() {
        return List.copyOf(rows.keySet());
    }

    @Override
    public List<Pending> heads(long now, int max) {
        Map<String, Row> newest = new LinkedHashMap<>();
        for (Row row : rows.values()) {
            Row held = newest.get(row.userId);
            if (held == null || row.version > held.version) {
                newest.put(row.userId, row);
            }
        }
        List<Row> due = new ArrayList<>();
        for (Row row : newest.values()) {
            if (row.nextAttemptAt <= now) {
                due.add(row);
            }
        }
        due.sort(Comparator.comparingLong(r -> r.createdAt));
        return due.stream().limit(max).map(InMemoryOutboxQueue::pending).toList();
    }

    @Override
    public void delivered(Pending event) {
        rows.values().removeIf(row -> row.userId.equals(event.userId()) && row.version <= event.version());
    }

    @Override
    public void refused(Pending event, int attempts, long nextAttemptAt, String error) {
        Row row = rows.get(event.id());
        if (row != null) {
            row.attempts = attempts;
            row.nextAttemptAt = nextAttemptAt;
            row.lastError = error;
        }
    }

    @Override
    public void unavailable(Pending event, int attempts, String error) {
        Row row = rows.get(event.id());
        if (row != null) {
            row.attempts = attempts;
            row.lastError = error;
        }
    }

    @Override
    public int retryAllNow(long now) {
        int waiting = 0;
        for (Row row : rows.values()) {
            if (row.nextAttemptAt > now) {
                row.nextAttemptAt = now;
                waiting++;
            }
        }
        return waiting;
    }

    private static Pending pending(Row row) {
        return new Pending(row.id, "realm", row.userId, row.version, row.attempts);
    }
}
