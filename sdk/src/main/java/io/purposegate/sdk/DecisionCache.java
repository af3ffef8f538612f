package io.purposegate.sdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * An optional, per-instance cache of <em>allowing</em> decisions, off unless the application builds
 * one ({@link PurposeGateConfig.Builder#decisionCache}) and runs a {@link ConsentFeed} for it.
 *
 * <ul>
 * <li><b>Key</b>: the SHA-256 of the caller's token bytes, its {@code sub}, {@code azp} and {@code exp}
 * (read from the token's payload), the action, purpose, resource type, id, owner and retention anchor,
 * the fields and {@code context.gpc}. An entry is only ever made from the PDP's allow for that exact token, so the cache
 * can never let through a token the PDP has not accepted; hits are limited to one token's lifetime.</li>
 * <li><b>Lifetime</b>: {@code ttl} (5 s by default), never past the token's {@code exp}. Tokens without
 * {@code exp} or that cannot be read, and break-glass requests ({@code Data-Justification}, which the PDP
 * logs for review), are never cached. Denials and failures are never cached.</li>
 * <li><b>Invalidation</b>: the consent feed drops a subject's entries whose {@code consent_v} is older than
 * the subject's new version; a feed {@code reset} drops everything; while the feed is down the cache
 * neither serves nor stores. A decision the PDP made while an invalidation arrived is not stored.</li>
 * <li><b>Size</b>: at most {@code maxEntries}, least recently used evicted first.</li>
 * </ul>
 *
 * A decision served from the cache is not asked of the PDP, so it makes no new entry in the PDP's
 * decision log: the log shows the access once per cache lifetime.
 */
public final class DecisionCache {

    /** The lifetime of an entry when none is set. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    /** What an entry is found by. Holds a hash of the token, never the token. */
    record Key(String tokenHash, String sub, String azp, long exp, String action, String purpose, String type,
            String id, String owner, List<String> fields, String retentionFrom, boolean gpc) {
    }

    private record Entry(PdpDecision decision, String subject, Integer consentV, long expiresAtMillis) {
    }

    private final long ttlMillis;
    private final int maxEntries;
    private final LongSupplier clock;
    private final LinkedHashMap<Key, Entry> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    /** Bumped by every invalidation: a decision asked for before it is not stored after it. */
    private long generation;
    private boolean serving;

    /** A cache with the default lifetime of 5 s. */
    public DecisionCache(int maxEntries) {
        this(DEFAULT_TTL, maxEntries);
    }

    public DecisionCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::currentTimeMillis);
    }

    DecisionCache(Duration ttl, int maxEntries, LongSupplier clockMillis) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clockMillis;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > DecisionCache.this.maxEntries;
            }
        };
    }

    /**
     * @return the key of this access, or null when it must not be cached (a token without readable
     *         {@code sub}/{@code exp}, a break-glass justification)
     */
    static Key keyOf(String token, String action, String purpose, PdpResource resource, Map<String, Object> context) {
        if (context.containsKey("justification")) {
            return null;
        }
        TokenClaims claims = TokenClaims.decode(token).orElse(null);
        if (claims == null || claims.exp() == null || claims.sub() == null) {
            return null;
        }
        return new Key(sha256(token), claims.sub(), claims.azp(), claims.exp(), action, purpose, resource.type(),
                resource.id(), resource.owner(), resource.fields(), resource.retentionFrom(),
                Boolean.TRUE.equals(context.get("gpc")));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** @return the allowing decision still valid for this key, when the cache is serving */
    synchronized Optional<PdpDecision> get(Key key) {
        Entry entry = serving ? entries.get(key) : null;
        if (entry != null && clock.getAsLong() >= entry.expiresAtMillis()) {
            entries.remove(key);
            entry = null;
        }
        if (entry == null) {
            misses.incrementAndGet();
            return Optional.empty();
        }
        hits.incrementAndGet();
        return Optional.of(entry.decision());
    }

    /** Taken before asking the PDP; {@link #put} stores nothing when an invalidation came in between. */
    synchronized long ticket() {
        return generation;
    }

    /** Stores an allowing decision for the key, until the earlier of the ttl and the token's expiry. */
    synchronized void put(Key key, PdpDecision decision, long ticket) {
        if (!serving || ticket != generation || decision == null || !decision.allow()) {
            return;
        }
        long now = clock.getAsLong();
        long expiresAt = Math.min(now + ttlMillis, Math.multiplyExact(key.exp(), 1000L));
        if (expiresAt <= now) {
            return;
        }
        entries.put(key, new Entry(decision, key.owner(), decision.consentV(), expiresAt));
    }

    /** A subject's consent is now at version {@code v}: drops the subject's entries decided on an older one. */
    synchronized void consentChanged(String subject, Integer v) {
        generation++;
        entries.values().removeIf(entry -> entry.subject().equals(subject)
                && (v == null || entry.consentV() == null || entry.consentV() < v));
    }

    /** Drops every entry (a feed reset); the cache goes on serving. */
    synchronized void clear() {
        generation++;
        entries.clear();
    }

    /** The feed is down: drops every entry and neither serves nor stores until {@link #resume}. */
    synchronized void suspend() {
        generation++;
        serving = false;
        entries.clear();
    }

    /** The feed is up (again): serves and stores. */
    synchronized void resume() {
        generation++;
        serving = true;
    }

    public synchronized boolean serving() {
        return serving;
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Decisions served from the cache so far. */
    public long hits() {
        return hits.get();
    }

    /** Look-ups that found nothing (or found the cache not serving). */
    public long misses() {
        return misses.get();
    }
}
