package io.purposegate.sdk;

import static io.purposegate.sdk.TestApp.ALICE;
import static io.purposegate.sdk.TestApp.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The optional decision cache, kept honest by the consent change feed of a fake PDP. */
class JerseyCacheTest {

    static FakePdp pdp;
    static TestApp app;
    static DecisionCache cache;
    static ConsentFeed feed;
    static final AtomicLong now = new AtomicLong();

    static final String ALLOW = """
            {"decision_id":"d-1","allow":true,"consent_v":3,"fields":{"allowed":["name","email"]},"reasons":[]}""";

    @BeforeAll
    static void start() throws Exception {
        pdp = new FakePdp();
        cache = new DecisionCache(Duration.ofSeconds(5), 100, now::get);
        feed = new ConsentFeed(pdp.url(), () -> "feed-token", cache, 1, Duration.ofMillis(100)).start();
        app = new TestApp(PurposeGateConfig.builder()
                .pdpUrl(pdp.url())
                .dataSubjects(TestApp.SUBJECTS)
                .decisionCache(cache)
                .filter());
    }

    @AfterAll
    static void stop() {
        feed.close();
        app.close();
        pdp.close();
    }

    @BeforeEach
    void reset() {
        now.set(System.currentTimeMillis());
        pdp.reset();
        pdp.feedDown(false);
        waitUntil(cache::serving);
        cache.clear();
        pdp.calls.set(0);
        pdp.answers(200, ALLOW);
    }

    static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static String token(String sub, long expSeconds) {
        return TestApp.jwt("{\"sub\":\"" + sub + "\",\"azp\":\"support-console\",\"exp\":" + expSeconds + "}");
    }

    String aliceToken() {
        return token(ALICE, now.get() / 1000 + 3600);
    }

    private static int read(String token, String path, Map<String, String> more) {
        var headers = new java.util.HashMap<>(Map.of("Authorization", "Bearer " + token, "Data-Purpose", "support"));
        headers.putAll(more);
        try (Response response = TestApp.get(app.base, path, headers)) {
            String body = response.readEntity(String.class);
            if (response.getStatus() == 200 && path.equals("customers/c-1/full")) {
                assertThat(body).contains("Alice Martin").doesNotContain("+33");
            }
            return response.getStatus();
        }
    }

    private static int read(String token) {
        return read(token, "customers/c-1/full", Map.of());
    }

    @Test
    void theFeedIsReadWithItsOwnToken() {
        waitUntil(() -> pdp.lastFeedAuthorization.get() != null);
        assertThat(pdp.lastFeedAuthorization.get()).isEqualTo("Bearer feed-token");
    }

    @Test
    void aSecondIdenticalAccessIsServedFromTheCacheAndMinimisedTheSame() {
        String token = aliceToken();
        assertThat(read(token)).isEqualTo(200);
        assertThat(read(token)).isEqualTo(200);

        assertThat(pdp.calls).hasValue(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void anotherTokenOfTheSameCallerIsAMiss() {
        assertThat(read(aliceToken())).isEqualTo(200);
        assertThat(read(token(ALICE, now.get() / 1000 + 3599))).isEqualTo(200);

        assertThat(pdp.calls).hasValue(2);
    }

    @Test
    void anotherPurposeOrGpcIsAMiss() {
        String token = aliceToken();
        assertThat(read(token)).isEqualTo(200);
        assertThat(read(token, "customers/c-1/full", Map.of("Data-Purpose", "service"))).isEqualTo(200);
        assertThat(read(token, "customers/c-1/full", Map.of("Sec-GPC", "1"))).isEqualTo(200);

        assertThat(pdp.calls).hasValue(3);
    }

    @Test
    void denialsAreNeverCached() {
        pdp.answers(200, "{\"decision_id\":\"d-2\",\"allow\":false,\"reasons\":[]}");
        String token = aliceToken();
        assertThat(read(token)).isEqualTo(403);
        assertThat(read(token)).isEqualTo(403);

        assertThat(pdp.calls).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void breakGlassAccessesAreNeverCached() {
        String token = aliceToken();
        assertThat(read(token, "customers/c-1/full", Map.of("Data-Justification", "ticket 1"))).isEqualTo(200);
        assertThat(read(token, "customers/c-1/full", Map.of("Data-Justification", "ticket 1"))).isEqualTo(200);

        assertThat(pdp.calls).hasValue(2);
    }

    @Test
    void tokensThatCannotBeReadAreNeverCached() {
        assertThat(read("opaque-token")).isEqualTo(200);
        assertThat(read("opaque-token")).isEqualTo(200);

        assertThat(pdp.calls).hasValue(2);
    }

    @Test
    void anEntryLivesNoLongerThanItsTtl() {
        String token = aliceToken();
        assertThat(read(token)).isEqualTo(200);
        now.addAndGet(4_900);
        assertThat(read(token)).isEqualTo(200);
        assertThat(pdp.calls).hasValue(1);

        now.addAndGet(200);
        assertThat(read(token)).isEqualTo(200);
        assertThat(pdp.calls).hasValue(2);
    }

    @Test
    void anEntryNeverOutlivesItsToken() {
        String token = token(ALICE, now.get() / 1000 + 2);
        assertThat(read(token)).isEqualTo(200);
        now.addAndGet(3_000);
        pdp.answers(401, "{\"status\":401,\"detail\":\"the token has expired\"}");

        assertThat(read(token)).isEqualTo(401);
        assertThat(pdp.calls).hasValue(2);
    }

    @Test
    void aConsentChangeDropsTheSubjectsOlderEntriesOnly() {
        String token = aliceToken();
        assertThat(read(token)).isEqualTo(200);
        assertThat(cache.size()).isEqualTo(1);

        // the same version (already decided with) and another subject: nothing to drop
        int polls = pdp.feedCalls.get();
        pdp.feedAnswers("{\"cursor\":\"c-2\",\"reset\":false,\"changes\":[{\"subject\":\"" + ALICE + "\",\"v\":3},"
                + "{\"subject\":\"" + BOB + "\",\"v\":9}]}");
        waitUntil(() -> pdp.feedCalls.get() >= polls + 2);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(read(token)).isEqualTo(200);
        assertThat(pdp.calls).hasValue(1);

        pdp.feedAnswers("{\"cursor\":\"c-3\",\"reset\":false,\"changes\":[{\"subject\":\"" + ALICE + "\",\"v\":4}]}");
        waitUntil(() -> cache.size() == 0);
        assertThat(read(token)).isEqualTo(200);
        assertThat(pdp.calls).hasValue(2);
    }

    @Test
    void aResetDropsEverythingAndTheCacheGoesOn() {
        String token = aliceToken();
        assertThat(read(token)).isEqualTo(200);

        pdp.feedAnswers("{\"cursor\":\"c-9\",\"reset\":true,\"changes\":[]}");
        waitUntil(() -> cache.size() == 0);
        assertThat(cache.serving()).isTrue();
        assertThat(read(token)).isEqualTo(200);
        assertThat(read(token)).isEqualTo(200);
        assertThat(pdp.calls).hasValue(2);
    }

    @Test
    void whileTheFeedIsDownTheCacheNeitherServesNorStores() {
        String token = aliceToken();
        assertThat(read(token)).isEqualTo(200);

        pdp.feedDown(true);
        waitUntil(() -> !cache.serving());
        assertThat(cache.size()).isZero();
        assertThat(read(token)).isEqualTo(200);
        assertThat(read(token)).isEqualTo(200);
        assertThat(pdp.calls).hasValue(3);

        pdp.feedDown(false);
        waitUntil(cache::serving);
        assertThat(read(token)).isEqualTo(200);
        assertThat(read(token)).isEqualTo(200);
        assertThat(pdp.calls).hasValue(4);
    }

    @Test
    void listRowsAreCachedOneByOneAndDeniedRowsAskedAgain() {
        pdp.batchDecides(resource -> BOB.equals(resource.path("owner").asText())
                ? "{\"decision_id\":\"d-b\",\"allow\":false}"
                : FakePdp.allowAll(resource));
        String token = aliceToken();
        assertThat(read(token, "customers", Map.of())).isEqualTo(200);
        assertThat(pdp.batchSizes).containsExactly(4);

        assertThat(read(token, "customers", Map.of())).isEqualTo(200);
        assertThat(pdp.batchSizes).containsExactly(4, 1);
    }
}
