package io.purposegate.sdk;

import static io.purposegate.sdk.TestApp.BOB;
import static io.purposegate.sdk.TestApp.METHOD_CALLS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The SDK in a plain Jersey application, against a fake PDP: list methods and their batched decisions. */
class JerseyListTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> SUPPORT = Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "support");

    static FakePdp pdp;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        pdp = new FakePdp();
        app = new TestApp(PurposeGateConfig.builder()
                .pdpUrl(pdp.url())
                .timeout(Duration.ofMillis(500))
                .dataSubjects(TestApp.SUBJECTS)
                .purposes(PurposeCatalog.of("support", "marketing"))
                .batchSize(2)
                .filter());
    }

    @AfterAll
    static void stop() {
        app.close();
        pdp.close();
    }

    @BeforeEach
    void reset() {
        METHOD_CALLS.set(0);
        TestApp.SUBJECTS.ownersOfCalls.set(0);
        pdp.reset();
    }

    private static Response get(String path, Map<String, String> headers) {
        return TestApp.get(app.base, path, headers);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    /** Bob's record denied, Carol's phone masked, everyone else allowed what was asked. */
    private static String policy(JsonNode resource) {
        String id = resource.path("id").asText();
        if (BOB.equals(resource.path("owner").asText())) {
            return "{\"decision_id\":\"d-" + id + "\",\"allow\":false,\"fields\":{\"denied\":[\"name\",\"email\",\"phone\"]},"
                    + "\"reasons\":[{\"code\":\"consent.withdrawn\",\"message\":\"x\"}]}";
        }
        if ("c-3".equals(id)) {
            return "{\"decision_id\":\"d-c-3\",\"allow\":true,\"fields\":{\"allowed\":[\"name\"],\"masked\":{\"phone\":\"last4\"},"
                    + "\"denied\":[\"email\"]}}";
        }
        return FakePdp.allowAll(resource);
    }

    @Test
    void deniedRowsAndRowsWithoutOwnerOrIdAreDroppedAndTheOthersMinimisedRowByRow() throws Exception {
        pdp.batchDecides(JerseyListTest::policy);

        try (Response response = get("customers", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getMediaType().toString()).isEqualTo("application/json");
            // Bob denied, Erin without owner, the row without id
            assertThat(response.getHeaderString("PurposeGate-Withheld")).isEqualTo("3");
            assertThat(JSON.readTree(response.readEntity(String.class))).isEqualTo(json("""
                    [{'id':'c-1','name':'Alice Martin','email':'alice@example.org','phone':'+33 6 12 34 56 78'},
                     {'id':'c-3','name':'Carol Schmidt','phone':'****4567'},
                     {'id':'c-4','name':'Dave Okafor','email':'dave@example.com','phone':'+1 213 555 0199'}]"""));
        }
        assertThat(METHOD_CALLS).hasValue(1);
    }

    @Test
    void ownersAreLookedUpOnceAndDecisionsAskedInChunksOfTheBatchSize() throws Exception {
        try (Response response = get("customers", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "support",
                "Sec-GPC", "1"))) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("PurposeGate-Withheld")).isEqualTo("2");
        }
        assertThat(TestApp.SUBJECTS.ownersOfCalls).hasValue(1);
        // four records have an owner; batch size 2
        assertThat(pdp.batchCalls).hasValue(2);
        assertThat(pdp.batchSizes).containsExactly(2, 2);
        assertThat(pdp.calls).hasValue(0);
        assertThat(pdp.lastAuthorization.get()).isEqualTo("Bearer tok-1");
        JsonNode last = JSON.readTree(pdp.lastBatchBody.get());
        assertThat(last.get("action").asText()).isEqualTo("read");
        assertThat(last.get("purpose").asText()).isEqualTo("support");
        assertThat(last.get("context")).isEqualTo(json("{'gpc':true}"));
        assertThat(last.get("resources")).isEqualTo(json("""
                [{'type':'customer','id':'c-3','owner':'%s','fields':['name','email','phone']},
                 {'type':'customer','id':'c-4','owner':'%s','fields':['name','email','phone']}]"""
                .formatted(TestApp.CAROL, TestApp.DAVE)));
    }

    @Test
    void rowsInAPropertyOfTheEntityWithAFixedPurposeAndTheirOwnIdProperty() throws Exception {
        pdp.batchDecides(JerseyListTest::policy);

        try (Response response = get("campaigns/spring/customers", Map.of("Authorization", "Bearer tok-1"))) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("PurposeGate-Withheld")).isEqualTo("2");
            JsonNode body = JSON.readTree(response.readEntity(String.class));
            assertThat(body.get("campaign").asText()).isEqualTo("spring");
            assertThat(body.get("page").asInt()).isEqualTo(1);
            // rowId "customer_id" is not unguarded: it is removed like any property not allowed
            assertThat(body.get("rows")).isEqualTo(json("""
                    [{'name':'Alice Martin','email':'alice@example.org'},{'name':'Carol Schmidt'},
                     {'name':'Dave Okafor','email':'dave@example.com'}]"""));
        }
        assertThat(JSON.readTree(pdp.lastBatchBody.get()).get("purpose").asText()).isEqualTo("marketing");
    }

    @Test
    void anEmptyListAsksNothing() {
        try (Response response = get("customers/none", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("PurposeGate-Withheld")).isEqualTo("0");
            assertThat(response.readEntity(String.class)).isEqualTo("[]");
        }
        assertThat(pdp.batchCalls).hasValue(0);
        assertThat(TestApp.SUBJECTS.ownersOfCalls).hasValue(0);
    }

    @Test
    void tokenAndPurposeAreCheckedBeforeTheMethodRuns() {
        try (Response response = get("customers", Map.of("Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(401);
        }
        try (Response response = get("customers", Map.of("Authorization", "Bearer tok-1"))) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("purpose-missing");
        }
        try (Response response = get("customers", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "spying"))) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("urn:purposegate:problem:purpose-unknown");
        }
        assertThat(METHOD_CALLS).hasValue(0);
        assertThat(pdp.batchCalls).hasValue(0);
    }

    @Test
    void aRowsPropertyTheEntityDoesNotHaveWithholdsTheList() {
        try (Response response = get("customers/paged", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.readEntity(String.class)).contains("decision-unavailable").doesNotContain("Alice");
        }
    }

    // ------------------------------------------------------------ fail closed: the whole list

    private static void assertWithheld(int status, String... contains) {
        try (Response response = get("customers", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(status);
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
            assertThat(response.getHeaderString("PurposeGate-Withheld")).isNull();
            assertThat(response.readEntity(String.class)).contains(contains).doesNotContain("Alice", "Dave");
        }
    }

    @Test
    void aBatchThePdpCannotDecideWithholdsTheWholeList() {
        pdp.batchAnswers(503, """
                {"decisions":[
                  {"decision_id":"d-1","allow":false,"reasons":[{"code":"engine.unavailable","message":"x"}]},
                  {"decision_id":"d-2","allow":false,"reasons":[{"code":"engine.unavailable","message":"x"}]}]}""");
        assertWithheld(503, "urn:purposegate:problem:decision-unavailable", "engine.unavailable");
    }

    @Test
    void aBatchAnsweredWithAProblemWithholdsTheWholeList() {
        pdp.batchAnswers(503, "{\"type\":\"urn:purposegate:problem:unavailable\",\"status\":503}");
        assertWithheld(503, "pdp.unavailable");
    }

    @Test
    void aSecondChunkFailingWithholdsTheRowsOfTheFirstToo() {
        AtomicInteger n = new AtomicInteger();
        pdp.batchDecides(resource -> n.incrementAndGet() > 2 ? "{\"not\":\"a decision\"}" : FakePdp.allowAll(resource));
        assertWithheld(503, "decision-unavailable");
        assertThat(pdp.batchCalls).hasValue(2);
    }

    @Test
    void garbageFromTheBatchEndpointWithholdsTheWholeList() {
        pdp.batchAnswers(200, "<html>proxy error</html>");
        assertWithheld(503, "pdp.unavailable");
    }

    @Test
    void aBatchAnswerWithTooFewDecisionsWithholdsTheWholeList() {
        pdp.batchAnswers(200, "{\"decisions\":[{\"decision_id\":\"d-1\",\"allow\":true,\"fields\":{\"allowed\":[\"name\"]}}]}");
        assertWithheld(503, "decision-unavailable");
    }

    @Test
    void aBatchSlowerThanTheBudgetWithholdsTheWholeList() {
        pdp.delays(1500);
        assertWithheld(503, "pdp.unavailable");
    }

    @Test
    void aTokenTheBatchEndpointRejectsIs401AndABadRequest400() {
        pdp.batchAnswers(401, "{\"status\":401,\"detail\":\"the token has expired\"}");
        assertWithheld(401, "urn:purposegate:problem:invalid-token", "the token has expired");
        pdp.batchAnswers(400, "{\"status\":400,\"detail\":\"too many resources\"}");
        assertWithheld(400, "urn:purposegate:problem:invalid-request", "too many resources");
    }

    @Test
    void anOverloadedPdpWithholdsTheWholeListAndPassesItsRetryAfterOn() {
        pdp.batchAnswers(503, """
                {"status":503,"reasons":[{"code":"pdp.overloaded","message":"the PDP is too busy to decide now"}]}""");
        pdp.retryAfter("3");

        try (Response response = TestApp.get(app.base, "customers", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("3");
            assertThat(response.readEntity(String.class)).contains("pdp.overloaded").doesNotContain("Alice");
        }
        assertThat(pdp.batchCalls).hasValue(1);
    }

    @Test
    void anUnreachablePdpWithholdsTheWholeList() throws Exception {
        URI deadUrl;
        try (FakePdp gone = new FakePdp()) {
            deadUrl = gone.url();
        }
        try (TestApp deadApp = new TestApp(new PurposeGateFilter(new PdpClient(deadUrl, Duration.ofMillis(300)), TestApp.SUBJECTS));
                Response response = TestApp.get(deadApp.base, "customers", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.readEntity(String.class)).contains("pdp.unavailable").doesNotContain("Alice");
        }
    }
}
