package io.purposegate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The PDP client against a real HTTP server on loopback (the JDK's): what it sends, every shape of decision it
 * reads, keep-alive reuse, and that every answer that is not a decision fails closed.
 */
class PdpClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PdpResource RESOURCE = new PdpResource("customer", "c-1", "u-alice", List.of("name", "email"));
    private static final Map<String, Object> CONTEXT = Map.of("gpc", false);

    private HttpServer server;
    private ExecutorService executor;
    private PdpClient client;

    private final AtomicInteger calls = new AtomicInteger();
    /** The client's side of each connection a request came on. */
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final AtomicReference<String> lastContentType = new AtomicReference<>();
    private final CountDownLatch released = new CountDownLatch(1);

    private volatile int status = 200;
    private volatile String answer = "{}";
    private volatile String retryAfter;
    private volatile boolean hold;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        client = new PdpClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        clientPorts.add(exchange.getRemoteAddress().getPort());
        lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
        lastContentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
        lastBody.set(exchange.getRequestURI().getPath() + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (hold) {
            try {
                released.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void answers(int status, String body) {
        this.status = status;
        this.answer = body;
    }

    private PdpDecision decide() throws Exception {
        return client.decide("tok-1", "read", "support", RESOURCE, CONTEXT);
    }

    // ------------------------------------------------------------ what is sent

    @Test
    void sendsTheDecisionDocumentWithTheCallersTokenToV1Decisions() throws Exception {
        answers(200, "{\"decision_id\":\"d-1\",\"allow\":true}");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("gpc", true);
        context.put("justification", "ticket \"42\"");
        PdpResource resource = new PdpResource("customer", "c-1", "u-alice", List.of("name", "address.city"),
                Instant.parse("2026-01-02T03:04:05Z"));

        client.decide("tok-1", "read", "support", resource, context);

        assertThat(lastAuthorization).hasValue("Bearer tok-1");
        assertThat(lastContentType).hasValue("application/json");
        String[] pathAndBody = lastBody.get().split(" ", 2);
        assertThat(pathAndBody[0]).isEqualTo("/v1/decisions");
        assertThat(JSON.readTree(pathAndBody[1])).isEqualTo(JSON.readTree("""
                {"action":"read","purpose":"support",
                 "resource":{"type":"customer","id":"c-1","owner":"u-alice","fields":["name","address.city"],
                             "retention_from":"2026-01-02T03:04:05Z"},
                 "context":{"gpc":true,"justification":"ticket \\"42\\""}}"""));
    }

    @Test
    void leavesOutTheRetentionAnchorAndOwnerItDoesNotHave() throws Exception {
        answers(200, "{\"allow\":false}");

        client.decide("tok-1", "read", "support", new PdpResource("customer", "c-1", null, null), Map.of());

        assertThat(JSON.readTree(lastBody.get().split(" ", 2)[1])).isEqualTo(JSON.readTree("""
                {"action":"read","purpose":"support","resource":{"type":"customer","id":"c-1","fields":[]},"context":{}}"""));
    }

    @Test
    void sendsABatchToV1DecisionsBatchAndReadsOneDecisionPerResourceInOrder() throws Exception {
        answers(200, """
                {"decisions":[{"decision_id":"d-1","allow":true,"fields":{"allowed":["name"]}},
                              {"decision_id":"d-2","allow":false,"reasons":[{"code":"consent.missing","message":"no"}]}],
                 "policy_revision":"r-9","unknown":{"nested":[1,2,{"x":null}]}}""");
        List<PdpResource> resources = List.of(RESOURCE, new PdpResource("customer", "c-2", "u-bob", List.of("name")));

        List<PdpDecision> decisions = client.decideBatch("tok-1", "read", "marketing", resources, CONTEXT);

        assertThat(decisions).extracting(PdpDecision::decisionId).containsExactly("d-1", "d-2");
        assertThat(decisions).extracting(PdpDecision::allow).containsExactly(true, false);
        assertThat(decisions.get(1).reasons()).containsExactly(new PdpDecision.Reason("consent.missing", "no"));
        String[] pathAndBody = lastBody.get().split(" ", 2);
        assertThat(pathAndBody[0]).isEqualTo("/v1/decisions/batch");
        assertThat(JSON.readTree(pathAndBody[1])).isEqualTo(JSON.readTree("""
                {"action":"read","purpose":"marketing","context":{"gpc":false},
                 "resources":[{"type":"customer","id":"c-1","owner":"u-alice","fields":["name","email"]},
                              {"type":"customer","id":"c-2","owner":"u-bob","fields":["name"]}]}"""));
    }

    @Test
    void anEmptyBatchAsksNothing() throws Exception {
        assertThat(client.decideBatch("tok-1", "read", "support", List.of(), CONTEXT)).isEmpty();
        assertThat(calls).hasValue(0);
    }

    // ------------------------------------------------------------ what is read

    @Test
    void readsAnAllowWithAllowedMaskedAndDeniedFieldsAndEveryMember() throws Exception {
        answers(200, """
                {"decision_id":"0193-a","allow":true,
                 "fields":{"allowed":["name","email"],"masked":{"phone":"last4","birth_date":"year_only"},"denied":["address"]},
                 "reasons":[{"code":"minimization.field_not_needed","message":"address is not needed for support"}],
                 "policy_revision":"rev-7","consent_v":12,"review":true}""");

        PdpDecision decision = decide();

        assertThat(decision).isEqualTo(new PdpDecision("0193-a", true,
                new PdpDecision.Fields(List.of("name", "email"), Map.of("phone", "last4", "birth_date", "year_only"),
                        List.of("address")),
                List.of(new PdpDecision.Reason("minimization.field_not_needed", "address is not needed for support")),
                "rev-7", 12, true));
    }

    @Test
    void skipsUnknownMembersAtEveryLevel() throws Exception {
        answers(200, """
                {"later":{"a":[1,{"b":true}],"c":null},"decision_id":"d-1","allow":true,"engine":"wasm",
                 "fields":{"allowed":["name"],"masked":{"phone":"last4"},"denied":[],"withheld_why":{"x":[]}},
                 "reasons":[{"code":"c","message":"m","severity":3,"detail":{"k":"v"}}],
                 "data_version":17,"trace":[[],[{}]]}""");

        PdpDecision decision = decide();

        assertThat(decision.allow()).isTrue();
        assertThat(decision.fields().allowed()).containsExactly("name");
        assertThat(decision.fields().masked()).containsExactly(Map.entry("phone", "last4"));
        assertThat(decision.reasons()).containsExactly(new PdpDecision.Reason("c", "m"));
    }

    @Test
    void readsABareDenialAndNullMembersAsAbsent() throws Exception {
        answers(200, """
                {"decision_id":null,"allow":false,"fields":null,"reasons":null,"policy_revision":null,"consent_v":null,
                 "review":null}""");

        PdpDecision decision = decide();

        assertThat(decision.allow()).isFalse();
        assertThat(decision.decisionId()).isNull();
        assertThat(decision.fields()).isNull();
        assertThat(decision.reasons()).isEmpty();
        assertThat(decision.consentV()).isNull();
        assertThat(decision.review()).isFalse();
    }

    @Test
    void readsNonAsciiTextAsUtf8() throws Exception {
        answers(200, "{\"allow\":false,\"reasons\":[{\"code\":\"x\",\"message\":\"Einwilligung f\u00fcr \u00ab\u00e9tude\u00bb \u2014 \ud83d\udd12\"}]}");

        assertThat(decide().reasons().get(0).message()).isEqualTo("Einwilligung f\u00fcr \u00ab\u00e9tude\u00bb \u2014 \ud83d\udd12");
    }

    // ------------------------------------------------------------ malformed answers fail closed

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "",
        "<html>proxy error</html>",
        "[]",
        "null",
        "true",
        "{}",
        "{\"decision_id\":\"d-1\"}",
        "{\"allow\":\"true\"}",
        "{\"allow\":1}",
        "{\"allow\":null}",
        "{\"allow\":true",
        "{\"allow\":true}{\"allow\":false}",
        "{\"allow\":true} trailing",
        "{\"allow\":false,\"allow\":true}",
        "{\"allow\":true,\"fields\":[\"name\"]}",
        "{\"allow\":true,\"fields\":{\"allowed\":\"name\"}}",
        "{\"allow\":true,\"fields\":{\"allowed\":[\"name\",1]}}",
        "{\"allow\":true,\"fields\":{\"allowed\":[[\"name\"]]}}",
        "{\"allow\":true,\"fields\":{\"masked\":{\"phone\":4}}}",
        "{\"allow\":true,\"fields\":{\"masked\":[\"phone\"]}}",
        "{\"allow\":true,\"fields\":{\"denied\":{\"a\":1}}}",
        "{\"allow\":true,\"fields\":{\"allowed\":[],\"allowed\":[\"name\"]}}",
        "{\"allow\":true,\"reasons\":{\"code\":\"x\"}}",
        "{\"allow\":true,\"reasons\":[\"x\"]}",
        "{\"allow\":true,\"reasons\":[{\"code\":1}]}",
        "{\"allow\":true,\"decision_id\":7}",
        "{\"allow\":true,\"policy_revision\":{}}",
        "{\"allow\":true,\"consent_v\":\"3\"}",
        "{\"allow\":true,\"consent_v\":3.5}",
        "{\"allow\":true,\"consent_v\":99999999999}",
        "{\"allow\":true,\"review\":\"yes\"}",
    })
    void anAnswerThatIsNotOneWellFormedDecisionFailsClosed(String body) {
        answers(200, body);

        assertThatThrownBy(this::decide).isInstanceOf(PdpUnavailableException.class)
                .hasMessageContaining("not a decision");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{\"decisions\":[{\"allow\":true}]}",
        "{\"decisions\":[{\"allow\":true},{\"allow\":true},{\"allow\":true}]}",
        "{\"decisions\":[{\"allow\":true},{\"allow\":\"false\"}]}",
        "{\"decisions\":[{\"allow\":true},null]}",
        "{\"decisions\":{\"0\":{\"allow\":true},\"1\":{\"allow\":true}}}",
        "{\"decisions\":[{\"allow\":true},{\"allow\":true}],\"decisions\":[]}",
        "{\"decisions\":[{\"allow\":true},{\"allow\":true}]} []",
        "[{\"allow\":true},{\"allow\":true}]",
        "{\"allow\":true}",
    })
    void aBatchAnswerThatIsNotOneDecisionPerResourceFailsClosed(String body) {
        answers(200, body);
        List<PdpResource> two = List.of(RESOURCE, new PdpResource("customer", "c-2", "u-bob", List.of("name")));

        assertThatThrownBy(() -> client.decideBatch("tok-1", "read", "support", two, CONTEXT))
                .isInstanceOf(PdpUnavailableException.class).hasMessageContaining("not one decision per resource");
    }

    @Test
    void anAnswerLargerThanTheLimitFailsClosed() {
        answers(200, "{\"allow\":true,\"pad\":\"" + "x".repeat(PdpHttp.MAX_ANSWER_BYTES) + "\"}");

        assertThatThrownBy(this::decide).isInstanceOf(PdpUnavailableException.class).hasMessageContaining("did not answer");
    }

    // ------------------------------------------------------------ the PDP's problems

    @Test
    void anOverloadedPdpsRetryAfterAndReasonsArePassedOnAndTheCallIsNotRetried() {
        answers(503, """
                {"type":"urn:purposegate:problem:pdp-overloaded","title":"Overloaded","status":503,
                 "reasons":[{"code":"pdp.overloaded","message":"the PDP is too busy to decide now"}]}""");
        retryAfter = "1";

        assertThatThrownBy(this::decide).isInstanceOfSatisfying(PdpUnavailableException.class, e -> {
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
            assertThat(e.denial()).hasValueSatisfying(denial -> {
                assertThat(denial.allow()).isFalse();
                assertThat(denial.reasons()).extracting(PdpDecision.Reason::code).containsExactly("pdp.overloaded");
            });
        });
        assertThat(calls).hasValue(1);
    }

    @Test
    void aBatchTheOverloadedPdpShedsKeepsItsRetryAfter() {
        answers(503, "{\"status\":503,\"reasons\":[{\"code\":\"pdp.overloaded\",\"message\":\"busy\"}]}");
        retryAfter = "4";

        assertThatThrownBy(() -> client.decideBatch("tok-1", "read", "support", List.of(RESOURCE), CONTEXT))
                .isInstanceOfSatisfying(PdpUnavailableException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
                    assertThat(e.denial().orElseThrow().reasons().get(0).code()).isEqualTo("pdp.overloaded");
                });
        assertThat(calls).hasValue(1);
    }

    @Test
    void aPdpThatCannotDecideKeepsItsDenyingDecisionAndNoWaitIsInvented() {
        answers(503, """
                {"decision_id":"d-3","allow":false,"fields":{"allowed":[],"masked":{},"denied":["name","email"]},
                 "reasons":[{"code":"engine.unavailable","message":"the policy engine could not decide"}]}""");

        assertThatThrownBy(this::decide).isInstanceOfSatisfying(PdpUnavailableException.class, e -> {
            assertThat(e.retryAfter()).isEmpty();
            assertThat(e.denial().orElseThrow().decisionId()).isEqualTo("d-3");
        });
    }

    @Test
    void a503ClaimingAnAllowIsNoDenialToPassOn() {
        answers(503, "{\"decision_id\":\"d-9\",\"allow\":true,\"reasons\":[{\"code\":\"x\",\"message\":\"y\"}]}");

        assertThatThrownBy(this::decide).isInstanceOfSatisfying(PdpUnavailableException.class,
                e -> assertThat(e.denial()).isEmpty());
    }

    @Test
    void retryAfterAsAnHttpDateBecomesTheSecondsUntilThen() {
        PdpHttp http = new PdpHttp(URI.create("http://127.0.0.1:1/"), Duration.ofSeconds(1), () -> 1_800_000_000L);
        String inNinety = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(1_800_000_090L).atOffset(ZoneOffset.UTC));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(1_700_000_000L).atOffset(ZoneOffset.UTC));

        assertThat(http.retryAfter(inNinety)).isEqualTo(Duration.ofSeconds(90));
        assertThat(http.retryAfter(past)).isEqualTo(Duration.ZERO);
        assertThat(http.retryAfter(" 5 ")).isEqualTo(Duration.ofSeconds(5));
        assertThat(http.retryAfter("soon")).isNull();
        assertThat(http.retryAfter("-1")).isNull();
        assertThat(http.retryAfter("99999999999999999999999")).isNull();
        assertThat(http.retryAfter(null)).isNull();
    }

    @Test
    void aRejectedTokenOrRequestIsPassedOnWithTheProblemsDetail() {
        answers(401, "{\"type\":\"about:blank\",\"status\":401,\"detail\":\"the token has expired\"}");
        assertThatThrownBy(this::decide).isInstanceOfSatisfying(PdpRejectedRequestException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.detail()).isEqualTo("the token has expired");
        });

        answers(400, "{\"status\":400,\"detail\":\"resource.id is longer than 255 characters\",\"errors\":[{\"x\":1}]}");
        assertThatThrownBy(this::decide).isInstanceOfSatisfying(PdpRejectedRequestException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.detail()).isEqualTo("resource.id is longer than 255 characters");
        });

        answers(400, "not json");
        assertThatThrownBy(this::decide).isInstanceOfSatisfying(PdpRejectedRequestException.class,
                e -> assertThat(e.detail()).isNull());
    }

    @Test
    void anyOtherStatusIsNoDecision() {
        for (int other : new int[] {403, 404, 500, 502, 302}) {
            answers(other, "{\"allow\":true}");
            assertThatThrownBy(this::decide).as("HTTP %d", other).isInstanceOf(PdpUnavailableException.class)
                    .hasMessageContaining("HTTP " + other);
        }
    }

    @Test
    void aPdpSlowerThanTheBudgetIsNoDecision() {
        answers(200, "{\"allow\":true}");
        hold = true;
        PdpClient impatient = new PdpClient(client.url(), Duration.ofMillis(100));

        assertThatThrownBy(() -> impatient.decide("tok-1", "read", "support", RESOURCE, CONTEXT))
                .isInstanceOf(PdpUnavailableException.class).hasMessageContaining("did not answer");
    }

    @Test
    void anUnreachablePdpIsNoDecision() {
        server.stop(0);

        assertThatThrownBy(this::decide).isInstanceOf(PdpUnavailableException.class).hasMessageContaining("did not answer");
    }

    @Test
    void onlyHttpUrlsAreAccepted() {
        assertThatThrownBy(() -> new PdpClient(URI.create("file:///etc/"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------ keep-alive

    @Test
    void sequentialDecisionsReuseOneKeepAliveConnection() throws Exception {
        answers(200, "{\"decision_id\":\"d-1\",\"allow\":true}");

        for (int i = 0; i < 20; i++) {
            assertThat(decide().allow()).isTrue();
        }

        assertThat(calls).hasValue(20);
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void theConnectionIsReusedAfterAProblemAnswerToo() throws Exception {
        answers(200, "{\"allow\":true}");
        decide();
        answers(503, "{\"allow\":false,\"reasons\":[{\"code\":\"pdp.overloaded\",\"message\":\"busy\"}]}");
        retryAfter = "1";
        assertThatThrownBy(this::decide).isInstanceOf(PdpUnavailableException.class);
        answers(401, "{\"detail\":\"expired\"}");
        assertThatThrownBy(this::decide).isInstanceOf(PdpRejectedRequestException.class);
        answers(200, "{\"allow\":true}");
        retryAfter = null;
        decide();

        assertThat(calls).hasValue(4);
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void concurrentCallersShareAPoolOfAtMostOneConnectionEach() throws Exception {
        answers(200, "{\"decision_id\":\"d-1\",\"allow\":true}");
        int threads = 6;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(() -> {
                    int allowed = 0;
                    for (int i = 0; i < 50; i++) {
                        allowed += decide().allow() ? 1 : 0;
                    }
                    return allowed;
                });
            }
            int allowed = 0;
            for (Future<Integer> result : callers.invokeAll(work)) {
                allowed += result.get();
            }
            assertThat(allowed).isEqualTo(threads * 50);
        } finally {
            callers.shutdown();
        }

        assertThat(calls).hasValue(threads * 50);
        assertThat(clientPorts).hasSizeLessThanOrEqualTo(threads);
    }
}
