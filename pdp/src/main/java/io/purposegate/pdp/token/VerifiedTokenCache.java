package io.purposegate.pdp.token;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens that passed every check of {@link AccessTokenVerifier}, kept for a short while so an
 * application's repeated calls with one token pay for its signature once (as Envoy's and Kong's JWT
 * filters do). The key is the whole compact token, so only the exact bytes that were verified hit.
 * An entry is used until the earlier of the token's {@code exp} and the cache's time to live; the time
 * to live bounds how long a token signed by a key Keycloak has removed stays accepted. Bounded in
 * size: when full, expired entries go first, then everything.
 */
public final class VerifiedTokenCache {

    /** No caching: every token is verified on every call. */
    public static final VerifiedTokenCache OFF = new VerifiedTokenCache(0, Duration.ZERO, Clock.systemUTC());

    private record Entry(VerifiedToken token, long notAfterMillis) {
    }

    private final int maxSize;
    private final long ttlMillis;
    private final Clock clock;
    private final Map<String, Entry> entries;

    public VerifiedTokenCache(int maxSize, Duration ttl, Clock clock) {
        this.maxSize = Math.max(0, maxSize);
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
        this.entries = this.maxSize == 0 || ttlMillis <= 0 ? Map.of() : new ConcurrentHashMap<>();
    }

    boolean enabled() {
        return maxSize > 0 && ttlMillis > 0;
    }

    /** The verified token for exactly these bytes, or null when unknown or no longer usable. */
    VerifiedToken get(String token) {
        if (!enabled()) {
            return null;
        }
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (clock.millis() >= entry.notAfterMillis()) {
            entries.remove(token, entry);
            return null;
        }
        return entry.token();
    }

    void put(String token, VerifiedToken verified) {
        if (!enabled()) {
            return;
        }
        long now = clock.millis();
        long notAfter = now + ttlMillis;
        if (verified.claims().get("exp") instanceof Number exp) {
            notAfter = Math.min(notAfter, exp.longValue() * 1000);
        }
        if (notAfter <= now) {
            return;
        }
        if (entries.size() >= maxSize) {
            entries.values().removeIf(e -> now >= e.notAfterMillis());
            if (entries.size() >= maxSize) {
                entries.clear();
            }
        }
        entries.put(token, new Entry(verified, notAfter));
    }

    int size() {
        return entries.size();
    }
}
