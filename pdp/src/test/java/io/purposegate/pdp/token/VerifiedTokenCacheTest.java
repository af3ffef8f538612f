package io.purposegate.pdp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

class VerifiedTokenCacheTest {

    private final AtomicInteger keyLookups = new AtomicInteger();
    private final ImmutableJWKSet<SecurityContext> realmKeys = new ImmutableJWKSet<>(new JWKSet(TestTokens.key().toPublicJWK()));
    private final JWKSource<SecurityContext> countingKeys = (selector, context) -> {
        keyLookups.incrementAndGet();
        return realmKeys.get(selector, context);
    };

    @Test
    void aRepeatedTokenIsVerifiedOnceAndAnyOtherBytesAreVerifiedAgain() throws Exception {
        AccessTokenVerifier verifier = verifier(new VerifiedTokenCache(100, Duration.ofSeconds(30), Clock.systemUTC()));
        String token = TestTokens.sign(TestTokens.samAccessToken().build());

        VerifiedToken first = verifier.verify(token);
        VerifiedToken second = verifier.verify(token);

        assertThat(second).isSameAs(first);
        assertThat(keyLookups).hasValue(1);
        String[] parts = token.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
        assertThatThrownBy(() -> verifier.verify(otherSignature)).isInstanceOf(InvalidTokenException.class);
        assertThat(keyLookups).hasValue(2);
    }

    @Test
    void anEntryEndsAtTheTokensExpiryOrTheTimeToLiveWhicheverIsFirst() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofSeconds(30), clock);
        VerifiedToken expiresSoon = new VerifiedToken(Map.of("exp", Instant.parse("2026-11-29T10:00:10Z").getEpochSecond()));
        VerifiedToken expiresLate = new VerifiedToken(Map.of("exp", Instant.parse("2026-11-29T11:00:00Z").getEpochSecond()));
        cache.put("soon", expiresSoon);
        cache.put("late", expiresLate);

        clock.now = Instant.parse("2026-11-29T10:00:09Z");
        assertThat(cache.get("soon")).isSameAs(expiresSoon);
        clock.now = Instant.parse("2026-11-29T10:00:10Z");
        assertThat(cache.get("soon")).isNull();
        assertThat(cache.get("late")).isSameAs(expiresLate);
        clock.now = Instant.parse("2026-11-29T10:00:30Z");
        assertThat(cache.get("late")).isNull();
    }

    @Test
    void anExpiredTokenIsRejectedEvenAfterItWasCached() throws Exception {
        AccessTokenVerifier verifier = verifier(new VerifiedTokenCache(100, Duration.ofMinutes(10), Clock.systemUTC()));
        Instant now = Instant.now();
        String shortLived = TestTokens.sign(TestTokens.samAccessToken()
                .issueTime(Date.from(now.minusSeconds(60))).expirationTime(Date.from(now.plusSeconds(1))).build());
        verifier.verify(shortLived);

        Thread.sleep(2100);

        // past exp the cache no longer answers; the full check then refuses only past the clock skew,
        // which here is zero
        assertThatThrownBy(() -> verifier.verify(shortLived)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aFullCacheMakesRoomAndNeverGrowsPastItsBound() {
        VerifiedTokenCache cache = new VerifiedTokenCache(3, Duration.ofSeconds(30), Clock.systemUTC());
        VerifiedToken token = new VerifiedToken(Map.of("exp", Instant.now().plusSeconds(300).getEpochSecond()));
        for (int i = 0; i < 10; i++) {
            cache.put("t" + i, token);
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(cache.get("t9")).isSameAs(token);
    }

    @Test
    void offMeansEveryCallVerifies() throws Exception {
        AccessTokenVerifier verifier = verifier(VerifiedTokenCache.OFF);
        String token = TestTokens.sign(TestTokens.samAccessToken().build());

        verifier.verify(token);
        verifier.verify(token);

        assertThat(keyLookups).hasValue(2);
    }

    private AccessTokenVerifier verifier(VerifiedTokenCache cache) {
        return new AccessTokenVerifier(TestTokens.ISSUER, countingKeys, Set.of("RS256"), 0, Set.of(), cache);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long millis() {
            return now.toEpochMilli();
        }
    }
}
