package io.purposegate.pdp.token;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The realm's keys, and what an unknown {@code kid} costs. Keys come from {@code cached} (nimbus' cache with its own
 * scheduled refresh-ahead, retry and outage tolerance). A token whose key is not among them makes at most one
 * refetch per {@code minRefetchInterval}, whatever callers send; when no key matches after that refetch, or the
 * refetch is not due yet, or it fails while keys are cached, the answer is "no key", which the verifier reports as
 * an invalid token (401). Only when the realm's keys cannot be loaded at all does a {@link KeySourceException}
 * (503) leave here. The unknown-kid refetches are counted apart from the cache's refresh-ahead, so a flood of
 * unknown kids neither delays nor blocks the refresh of the real keys.
 */
final class RealmKeySource<C extends SecurityContext> implements JWKSource<C>, Closeable {

    private final JWKSetSource<C> cached;
    private final long minRefetchMillis;
    private final LongSupplier clock;
    private final AtomicLong lastRefetch;

    RealmKeySource(JWKSetSource<C> cached, long minRefetchMillis, LongSupplier clock) {
        this.cached = cached;
        this.minRefetchMillis = minRefetchMillis;
        this.clock = clock;
        this.lastRefetch = new AtomicLong(clock.getAsLong() - minRefetchMillis);
    }

    @Override
    public List<JWK> get(JWKSelector selector, C context) throws KeySourceException {
        long now = clock.getAsLong();
        // throws only when there are no keys at all: nothing cached and Keycloak unreachable
        JWKSet keys = cached.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
        List<JWK> matches = selector.select(keys);
        if (!matches.isEmpty() || !mayRefetch(now)) {
            return matches;
        }
        try {
            // a key rotated in since the last fetch; another thread's newer fetch is used instead of a second one
            return selector.select(cached.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(keys), now, context));
        } catch (KeySourceException e) {
            // the keys we have stay the realm's keys: a kid that is not among them is unknown, not an outage
            return List.of();
        }
    }

    /** True for at most one caller per interval. */
    private boolean mayRefetch(long now) {
        long last = lastRefetch.get();
        return now - last >= minRefetchMillis && lastRefetch.compareAndSet(last, now);
    }

    @Override
    public void close() throws IOException {
        cached.close();
    }
}
