package io.purposegate.pdp.consent;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.purposegate.pdp.store.Database;

/**
 * Every data subject's latest consent state, durable in the PDP's database and held in memory for the
 * decision path. Fed by Keycloak's consent events (applied in order of the user's version, idempotent)
 * and by resyncs from Keycloak: all subjects on start, one subject when an event shows a gap. Events and
 * resyncs never race each other into an older state: the highest version of a subject wins, in memory
 * and in the store (replicas share it), whichever path read it first; a full resync forgets a subject
 * only when Keycloak confirms it is gone and nothing wrote the subject since the resync began. A subject
 * the registry has never heard of is decided as unknown and fetched from Keycloak in the background
 * (never on the decision path), at most once per {@code unknownTtl}, so unknown ids cannot make the PDP
 * call Keycloak on every decision.
 */
public class ConsentRegistry implements AutoCloseable {

    /** What applying an event did. */
    public enum Outcome { APPLIED, STALE, APPLIED_AFTER_GAP, FORGOTTEN }

    private static final Logger LOG = Logger.getLogger(ConsentRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RESYNC_PAGE = 100;

    private final Database database;
    private final ConsentSource keycloak;
    private final boolean fetchUnknown;
    private final Duration fetchTimeout;
    private final Duration unknownTtl;

    /** Known subjects; a deleted subject stays as a tombstone (id and version only) so stale events cannot revive it. */
    private final Map<String, Entry> subjects = new ConcurrentHashMap<>();
    private final Map<String, Instant> unknownUntil = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "consent-resync");
        thread.setDaemon(true);
        return thread;
    });
    /** Fetches of unknown subjects: one thread, a bounded queue; when it is full, the fetch waits for the next miss. */
    private final java.util.concurrent.ThreadPoolExecutor unknownFetches = new java.util.concurrent.ThreadPoolExecutor(
            1, 1, 0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1_000), r -> {
                Thread thread = new Thread(r, "consent-fetch");
                thread.setDaemon(true);
                return thread;
            }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());
    private volatile Instant lastFullResync;
    /** Counts writes, so a full resync can tell the subjects written since it began. */
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    private final ConsentChanges changes;

    /** @param written the value of {@link #writes} when this entry was written, 0 when loaded at start */
    private record Entry(long v, SubjectState state, long written) {
        boolean deleted() {
            return state == null;
        }
    }

    public ConsentRegistry(Database database, ConsentSource keycloak, boolean fetchUnknown, Duration fetchTimeout,
            Duration unknownTtl) {
        this(database, keycloak, fetchUnknown, fetchTimeout, unknownTtl, new ConsentChanges(10_000));
    }

    /** @param changes where every change of a subject's version (or erasure) is reported, for the change feed */
    public ConsentRegistry(Database database, ConsentSource keycloak, boolean fetchUnknown, Duration fetchTimeout,
            Duration unknownTtl, ConsentChanges changes) {
        this.changes = changes;
        this.database = database;
        this.keycloak = keycloak;
        this.fetchUnknown = fetchUnknown;
        this.fetchTimeout = fetchTimeout;
        this.unknownTtl = unknownTtl;
        load();
    }

    private void load() {
        try {
            database.withConnection(connection -> {
                try (PreparedStatement all = connection.prepareStatement("SELECT subject_id, v, state, deleted FROM consent_subject");
                        ResultSet rows = all.executeQuery()) {
                    while (rows.next()) {
                        SubjectState state = rows.getBoolean(4) ? null : read(rows.getString(3));
                        subjects.put(rows.getString(1), new Entry(rows.getLong(2), state, 0));
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the consent registry: " + e.getMessage(), e);
        }
    }

    /**
     * {@code input.subject}: the subject's current state, or {@code known: false}. Never waits for
     * Keycloak: an unknown subject is fetched in the background for the decisions that follow.
     */
    public Map<String, Object> policyInput(String subjectId) {
        Entry entry = subjects.get(subjectId);
        if (entry == null && fetchUnknown) {
            requestFetch(subjectId);
        }
        return entry == null || entry.deleted() ? SubjectState.unknownPolicyInput(subjectId) : entry.state().policyInput();
    }

    public Optional<SubjectState> current(String subjectId) {
        Entry entry = subjects.get(subjectId);
        return entry == null || entry.deleted() ? Optional.empty() : Optional.of(entry.state());
    }

    public long version(String subjectId) {
        Entry entry = subjects.get(subjectId);
        return entry == null ? 0 : entry.v();
    }

    private void requestFetch(String subjectId) {
        Instant now = Instant.now();
        Instant until = unknownUntil.get(subjectId);
        if (until != null && now.isBefore(until)) {
            return;
        }
        boolean mine = until == null
                ? unknownUntil.putIfAbsent(subjectId, now.plus(unknownTtl)) == null
                : unknownUntil.replace(subjectId, until, now.plus(unknownTtl));
        if (mine) {
            unknownFetches.execute(() -> fetchUnknown(subjectId));
        }
        if (unknownUntil.size() > 100_000) {
            unknownUntil.values().removeIf(now::isAfter);
        }
    }

    private void fetchUnknown(String subjectId) {
        try {
            Optional<SubjectState> state = keycloak.one(subjectId, fetchTimeout);
            if (state.isPresent()) {
                synchronized (lockFor(subjectId)) {
                    if (!subjects.containsKey(subjectId) || state.get().v() > version(subjectId)) {
                        store(state.get());
                    }
                }
                unknownUntil.remove(subjectId);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.debugf("fetch of an unknown subject's consents failed: %s", describe(e));
        }
    }

    /** Applies a verified event: newer versions replace the state, older or equal ones are acknowledged and ignored. */
    public Outcome apply(ConsentEvent event) throws SQLException {
        String id = event.userId();
        synchronized (lockFor(id)) {
            long held = version(id);
            if (event.v() <= held) {
                return Outcome.STALE;
            }
            boolean gap = event.previousV() != null && event.previousV() != held;
            if (ConsentEvent.DELETED.equals(event.type())) {
                forget(id, event.v());
                return Outcome.FORGOTTEN;
            }
            store(event.state());
            unknownUntil.remove(id);
            if (gap) {
                background.execute(() -> resyncOne(id));
                return Outcome.APPLIED_AFTER_GAP;
            }
            return Outcome.APPLIED;
        }
    }

    /** Replaces one subject's state with Keycloak's, unless the registry already holds a newer version. */
    public void resyncOne(String subjectId) {
        try {
            Optional<SubjectState> state = keycloak.one(subjectId, Duration.ofSeconds(10));
            // a 404 changes nothing here: erasures arrive as user.deleted events or through the full resync
            synchronized (lockFor(subjectId)) {
                if (state.isPresent() && state.get().v() >= version(subjectId)) {
                    store(state.get());
                }
            }
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warnf("resync of one subject failed: %s", e.getMessage());
        }
    }

    /**
     * Reads every subject from Keycloak. A page read before an event never overwrites the newer state
     * the event brought (nor an erasure it recorded): the higher version wins. Subjects the pages did
     * not list are forgotten once the whole pass succeeded, but only those nothing wrote since the pass
     * began (an event may have brought a subject after its page was read) and only when Keycloak
     * confirms, asked for that one subject, that it is gone.
     * Returns the number of subjects read.
     */
    public int resyncAll() throws IOException, SQLException {
        long began = writes.get();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            SubjectPage page = keycloak.page(cursor, RESYNC_PAGE);
            for (SubjectState state : page.subjects()) {
                seen.add(state.userId());
                takeIfNewer(state);
            }
            cursor = page.next();
        } while (cursor != null);
        for (String id : Set.copyOf(subjects.keySet())) {
            if (!seen.contains(id) && unlistedSince(id, began)) {
                Optional<SubjectState> state;
                try {
                    state = keycloak.one(id, Duration.ofSeconds(10));
                } catch (IOException | RuntimeException e) {
                    LOG.debugf("a subject the resync did not list could not be confirmed gone: %s", describe(e));
                    continue; // kept until a later resync or its user.deleted event
                }
                if (state.isPresent()) {
                    takeIfNewer(state.get());
                    continue;
                }
                synchronized (lockFor(id)) {
                    Entry held = subjects.get(id);
                    if (unlistedSince(id, began)) {
                        forget(id, held.v());
                    }
                }
            }
        }
        lastFullResync = Instant.now();
        return seen.size();
    }

    /** A live subject that nothing wrote since {@code began}. */
    private boolean unlistedSince(String subjectId, long began) {
        Entry held = subjects.get(subjectId);
        return held != null && !held.deleted() && held.written() <= began;
    }

    /** Takes a state Keycloak listed when it is newer than the held one, or revives a subject forgotten at its version. */
    private void takeIfNewer(SubjectState state) throws SQLException {
        synchronized (lockFor(state.userId())) {
            Entry held = subjects.get(state.userId());
            if (held == null || state.v() > held.v() || (state.v() == held.v() && held.deleted())) {
                store(state);
            }
        }
    }

    /** Starts {@link #resyncAll()} in the background, retrying with backoff until it succeeds once. */
    public void resyncInBackground() {
        background.execute(() -> {
            long backoff = 1_000;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    int count = resyncAll();
                    LOG.infof("consent registry resynced from Keycloak: %d subjects", count);
                    return;
                } catch (IOException | SQLException | RuntimeException e) {
                    LOG.warnf("consent resync failed (retrying in %d s): %s", backoff / 1000, describe(e));
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    // at most 5 s: until it succeeds once, a fresh registry knows no subject and the PDP is not ready
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
        });
    }

    /** Every change of a subject's version since this PDP started, for enforcement points' caches. */
    public ConsentChanges changes() {
        return changes;
    }

    public Optional<Instant> lastFullResync() {
        return Optional.ofNullable(lastFullResync);
    }

    public int size() {
        return (int) subjects.values().stream().filter(e -> !e.deleted()).count();
    }

    private void store(SubjectState state) throws SQLException {
        keep(state.userId(), state.v(), state);
    }

    /** The subject was erased: only its id and last version remain, so a late event cannot bring it back. */
    private void forget(String subjectId, long v) throws SQLException {
        keep(subjectId, v, null);
    }

    /**
     * Writes a subject's version (a tombstone when {@code state} is null) unless the store already holds a
     * higher one, which another replica wrote; memory then takes what the store holds. Called under the
     * subject's lock.
     */
    private void keep(String subjectId, long v, SubjectState state) throws SQLException {
        Entry held;
        try {
            held = upsertUnlessNewer(subjectId, v, state);
        } catch (SQLException firstInsertRace) {
            if (firstInsertRace.getSQLState() == null || !firstInsertRace.getSQLState().startsWith("23")) {
                throw firstInsertRace;
            }
            held = upsertUnlessNewer(subjectId, v, state); // another replica inserted the subject first
        }
        Entry entry = new Entry(held.v(), held.state(), writes.incrementAndGet());
        changed(subjectId, subjects.put(subjectId, entry), entry.v(), entry.deleted());
    }

    /** Reports a new version, a newly known subject or an erasure to the change feed; a rewrite of the same state is none. */
    private void changed(String subjectId, Entry before, long v, boolean deleted) {
        if (before == null || before.v() != v || before.deleted() != deleted) {
            changes.record(subjectId, v);
        }
    }

    /** One transaction: the stored row is read and locked, and replaced only when it is not newer. Returns what the store holds. */
    private Entry upsertUnlessNewer(String subjectId, long v, SubjectState state) throws SQLException {
        String json = state == null ? null : write(state);
        return database.withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                Entry stored = null;
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT v, state, deleted FROM consent_subject WHERE subject_id = ? FOR UPDATE")) {
                    select.setString(1, subjectId);
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            stored = new Entry(row.getLong(1), row.getBoolean(3) ? null : read(row.getString(2)), 0);
                        }
                    }
                }
                if (stored != null && stored.v() > v) {
                    connection.commit();
                    return stored;
                }
                String sql = stored == null
                        ? "INSERT INTO consent_subject (v, state, deleted, updated_ms, subject_id) VALUES (?, ?, ?, ?, ?)"
                        : "UPDATE consent_subject SET v = ?, state = ?, deleted = ?, updated_ms = ? WHERE subject_id = ?";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setLong(1, v);
                    statement.setString(2, json);
                    statement.setBoolean(3, state == null);
                    statement.setLong(4, System.currentTimeMillis());
                    statement.setString(5, subjectId);
                    statement.executeUpdate();
                }
                connection.commit();
                return new Entry(v, state, 0);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private Object lockFor(String subjectId) {
        // striped: a bounded set of monitors, never one object per subject kept forever
        return locks.computeIfAbsent(Integer.toString(Math.floorMod(subjectId.hashCode(), 256)), k -> new Object());
    }

    private static String write(SubjectState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a consent state could not be serialized", e);
        }
    }

    private static SubjectState read(String json) throws SQLException {
        try {
            return JSON.readValue(json, SubjectState.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored consent state is not readable", e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        background.shutdownNow();
        unknownFetches.shutdownNow();
    }
}
