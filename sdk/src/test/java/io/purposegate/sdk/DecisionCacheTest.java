package io.purposegate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecisionCacheTest {

    final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    final DecisionCache cache = new DecisionCache(Duration.ofSeconds(5), 2, now::get);
    final PdpDecision allow = new PdpDecision("d-1", true, new PdpDecision.Fields(List.of("name"), null, null), null, null, 3);
    final String token = TestApp.jwt("{\"sub\":\"caller\",\"azp\":\"crm-web\",\"exp\":1800000600}");

    DecisionCache.Key key(String id, String owner) {
        return DecisionCache.keyOf(token, "read", "support", new PdpResource("customer", id, owner, List.of("name")),
                Map.of("gpc", false));
    }

    @BeforeEach
    void serve() {
        cache.resume();
    }

    @Test
    void theKeyHoldsAHashOfTheTokenNeverTheToken() {
        assertThat(key("c-1", "u-1").tokenHash()).hasSize(64).isNotEqualTo(token);
        assertThat(key("c-1", "u-1").toString()).doesNotContain(token);
    }

    @Test
    void aDecisionAskedBeforeAnInvalidationIsNotStoredAfterIt() {
        long ticket = cache.ticket();
        cache.consentChanged("someone-else", 1);
        cache.put(key("c-1", "u-1"), allow, ticket);

        assertThat(cache.size()).isZero();
        cache.put(key("c-1", "u-1"), allow, cache.ticket());
        assertThat(cache.get(key("c-1", "u-1"))).contains(allow);
    }

    @Test
    void anEntryDecidedWithoutAConsentVersionIsDroppedByAnyChangeOfItsSubject() {
        PdpDecision unknownSubject = new PdpDecision("d-2", true, null, null, null, null);
        cache.put(key("c-1", "u-1"), unknownSubject, cache.ticket());
        cache.consentChanged("u-1", 1);
        assertThat(cache.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedEntryMakesRoom() {
        cache.put(key("c-1", "u-1"), allow, cache.ticket());
        cache.put(key("c-2", "u-2"), allow, cache.ticket());
        assertThat(cache.get(key("c-1", "u-1"))).isPresent();
        cache.put(key("c-3", "u-3"), allow, cache.ticket());

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(key("c-2", "u-2"))).isEmpty();
        assertThat(cache.get(key("c-1", "u-1"))).isPresent();
    }

    @Test
    void aSuspendedCacheNeitherServesNorStores() {
        cache.put(key("c-1", "u-1"), allow, cache.ticket());
        cache.suspend();
        assertThat(cache.get(key("c-1", "u-1"))).isEmpty();
        cache.put(key("c-1", "u-1"), allow, cache.ticket());
        cache.resume();
        assertThat(cache.get(key("c-1", "u-1"))).isEmpty();
    }

    @Test
    void aNewCacheServesOnlyOnceItsFeedAnswered() {
        DecisionCache fresh = new DecisionCache(10);
        assertThat(fresh.serving()).isFalse();
    }
}
