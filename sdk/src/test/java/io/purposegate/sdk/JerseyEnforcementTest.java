package io.purposegate.sdk;

import static io.purposegate.sdk.TestApp.ALICE;
import static io.purposegate.sdk.TestApp.BOB;
import static io.purposegate.sdk.TestApp.METHOD_CALLS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The SDK in a plain Jersey application, against a fake PDP: single records. */
class JerseyEnforcementTest {

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
                .purposes(PurposeCatalog.of("support", "marketing", "analytics"))
                .hashKey("test-key")
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
        pdp.reset();
        pdp.answers(200, """
                {"decision_id":"d-1","allow":true,"fields":{"allowed":["name","email"],"masked":{},"denied":[]},"reasons":[]}""");
    }

    private static Response get(URI base, String path, Map<String, String> headers) {
        return TestApp.get(base, path, headers);
    }

    private static Response get(String path, Map<String, String> headers) {
        return TestApp.get(app.base, path, headers);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    // ------------------------------------------------------------ asking the PDP

    @Test
    void allowedReadRunsTheMethodAndAsksThePdpWithTheCallersToken() throws Exception {
        try (Response response = get("customers/c-1", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.readEntity(String.class)).contains("Alice");
        }
        assertThat(METHOD_CALLS).hasValue(1);
        assertThat(pdp.lastAuthorization.get()).isEqualTo("Bearer tok-1");
        assertThat(JSON.readTree(pdp.lastBody.get())).isEqualTo(json("""
                {'action':'read','purpose':'support',
                 'resource':{'type':'customer','id':'c-1','owner':'%s','fields':['name','email']},
                 'context':{'gpc':false}}""".formatted(ALICE)));
    }

    @Test
    void globalPrivacyControlAndJustificationGoToThePdpAsContext() throws Exception {
        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "support",
                "Sec-GPC", "1", "Data-Justification", "ticket 123"))) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
        assertThat(JSON.readTree(pdp.lastBody.get()).get("context")).isEqualTo(json("{'gpc':true,'justification':'ticket 123'}"));

        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "support",
                "Sec-GPC", "0"))) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
        assertThat(JSON.readTree(pdp.lastBody.get()).get("context")).isEqualTo(json("{'gpc':false}"));
    }

    @Test
    void deniedReadIs403WithReasonsAndTheMethodNeverRuns() {
        pdp.answers(200, """
                {"decision_id":"d-2","allow":false,"fields":{"allowed":[],"masked":{},"denied":["name","email"]},
                 "reasons":[{"code":"purpose.not_in_token","message":"purpose \\"marketing\\" is not granted"}]}""");

        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "marketing"))) {
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
            assertThat(response.readEntity(String.class))
                    .contains("\"type\":\"urn:purposegate:problem:access-denied\"", "\"status\":403",
                            "\"decision_id\":\"d-2\"", "\"code\":\"purpose.not_in_token\"")
                    .doesNotContain("Alice");
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void missingTokenIs401WithoutAskingThePdp() {
        try (Response response = get("customers/c-1", Map.of("Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        }
        assertThat(pdp.calls).hasValue(0);
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void missingPurposeIs400() {
        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1"))) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("Data-Purpose", "purpose-missing");
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void purposeOutsideTheCatalogIs400WithoutAskingThePdp() {
        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "spying"))) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
            assertThat(response.readEntity(String.class)).contains("\"type\":\"urn:purposegate:problem:purpose-unknown\"");
        }
        assertThat(pdp.calls).hasValue(0);
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void anUnknownPurposeIsRefusedAsUnknownBeforeItIsRefusedAsNotServed() {
        // customers/{id}/ticket serves support and legal; the catalog knows support, marketing, analytics
        try (Response response = get("customers/c-1/ticket", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "spying"))) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("urn:purposegate:problem:purpose-unknown");
        }
        try (Response response = get("customers/c-1/ticket", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "analytics"))) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("urn:purposegate:problem:purpose-not-served", "purpose.not_served");
        }
        assertThat(pdp.calls).hasValue(0);
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void unknownRecordIs404WithoutAskingThePdp() {
        try (Response response = get("customers/c-404", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(404);
        }
        assertThat(pdp.calls).hasValue(0);
    }

    @Test
    void tokenRejectedByThePdpIs401() {
        pdp.answers(401, "{\"status\":401,\"detail\":\"the token has expired\"}");

        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer old", "Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.readEntity(String.class)).contains("the token has expired");
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void methodsWithoutTheAnnotationAreNotGuarded() {
        try (Response response = get("customers/c-1/exists", Map.of())) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.readEntity(String.class)).isEqualTo("yes");
        }
        assertThat(pdp.calls).hasValue(0);
    }

    // ------------------------------------------------------------ the caller's own record

    @Test
    void callersOwnRecordIsDecidedWithTheTokensSubjectAsOwner() throws Exception {
        String token = TestApp.jwt("{\"sub\":\"" + ALICE + "\",\"azp\":\"crm-web\",\"exp\":4102444800}");
        try (Response response = get("customers/me", Map.of("Authorization", "Bearer " + token, "Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(JSON.readTree(response.readEntity(String.class)))
                    .isEqualTo(json("{'id':'c-1','name':'Alice Martin','email':'alice@example.org'}"));
        }
        assertThat(JSON.readTree(pdp.lastBody.get()).get("resource"))
                .isEqualTo(json("{'type':'customer','id':'c-1','owner':'%s','fields':['name','email']}".formatted(ALICE)));
    }

    @Test
    void callerWithoutARecordIs404WithoutAskingThePdp() {
        String token = TestApp.jwt("{\"sub\":\"00000000-0000-4000-8000-00000000dead\"}");
        try (Response response = get("customers/me", Map.of("Authorization", "Bearer " + token, "Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(404);
            assertThat(response.readEntity(String.class)).contains("urn:purposegate:problem:not-found");
        }
        assertThat(pdp.calls).hasValue(0);
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void callerWhoseTokenCannotBeReadIs401WithoutAskingThePdp() {
        try (Response response = get("customers/me", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.readEntity(String.class)).contains("urn:purposegate:problem:invalid-token");
        }
        String noSubject = TestApp.jwt("{\"azp\":\"crm-web\"}");
        try (Response response = get("customers/me", Map.of("Authorization", "Bearer " + noSubject, "Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(401);
        }
        assertThat(pdp.calls).hasValue(0);
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void aBreakGlassAccessMarkedForReviewSaysSoInAHeader() {
        pdp.answers(200, """
                {"decision_id":"d-bg","allow":true,"review":true,"fields":{"allowed":["name","email"],"masked":{},"denied":[]},
                 "reasons":[{"code":"breakglass.used","message":"overriding staff.training_missing"}]}""");
        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "support",
                "Data-Justification", "incident 42"))) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString(PurposeGateFilter.REVIEW_HEADER)).isEqualTo("true");
        }
        // an ordinary allow carries no such header
        pdp.answers(200, """
                {"decision_id":"d-1","allow":true,"fields":{"allowed":["name"],"masked":{},"denied":[]},"reasons":[]}""");
        try (Response response = get("customers/c-1", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString(PurposeGateFilter.REVIEW_HEADER)).isNull();
        }
    }

    // ------------------------------------------------------------ minimising the response

    @Test
    void propertiesTheDecisionDoesNotAllowAreRemoved() throws Exception {
        // the method also returns "ssn", which it does not declare: it never leaves
        try (Response response = get("customers/c-1", SUPPORT)) {
            assertThat(response.getMediaType().toString()).isEqualTo("application/json");
            assertThat(JSON.readTree(response.readEntity(String.class))).isEqualTo(json("{'id':'c-1','name':'Alice'}"));
        }
    }

    @Test
    void everyObligationIsAppliedToARecordWithNestedObjectsListsAndDates() throws Exception {
        pdp.answers(200, """
                {"decision_id":"d-5","allow":true,"consent_v":7,
                 "fields":{"allowed":["name","orders.total"],
                           "masked":{"phone":"last4","birth_date":"year_only","address":"redact","email":"hash"},
                           "denied":["segment"]},"reasons":[]}""");

        String body;
        try (Response response = get("customers/c-1/full", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getMediaType().toString()).isEqualTo("application/json");
            body = response.readEntity(String.class);
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("test-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String emailHash = HexFormat.of().formatHex(mac.doFinal("alice@example.org".getBytes(StandardCharsets.UTF_8)));
        assertThat(JSON.readTree(body)).isEqualTo(json("""
                {'id':'c-1','name':'Alice Martin','email':'%s','phone':'****5678',
                 'address':'[redacted]','birth_date':'1990','orders':[{'total':12.50},{'total':3}]}""".formatted(emailHash)));
        assertThat(body).doesNotContain("owner", ALICE, "refund", "loyal", "rue des Lilas", "tea");
    }

    @Test
    void dottedNamesAllowPartsOfNestedObjects() throws Exception {
        pdp.answers(200, """
                {"decision_id":"d-6","allow":true,
                 "fields":{"allowed":["address.city"],"masked":{"name":"initials"},"denied":[]},"reasons":[]}""");

        try (Response response = get("customers/c-1/full", SUPPORT)) {
            assertThat(JSON.readTree(response.readEntity(String.class)))
                    .isEqualTo(json("{'id':'c-1','name':'A. M.','address':{'city':'Paris'}}"));
        }
    }

    @Test
    void unguardedPropertiesPassUnchanged() throws Exception {
        pdp.answers(200, """
                {"decision_id":"d-7","allow":true,"fields":{"allowed":[],"masked":{},"denied":["name"]},"reasons":[]}""");

        try (Response response = get("customers/c-1/profile", SUPPORT)) {
            assertThat(JSON.readTree(response.readEntity(String.class))).isEqualTo(json("{'id':'c-1','segment':'loyal'}"));
        }
    }

    @Test
    void theAllowingDecisionIsKeptForTheApplication() throws Exception {
        pdp.answers(200, """
                {"decision_id":"d-8","allow":true,"consent_v":7,"fields":{"allowed":["name"]},"reasons":[]}""");
        PdpDecision decision = new PdpClient(pdp.url(), Duration.ofMillis(500))
                .decide("t", "read", "support", "customer", "c-1", ALICE, List.of("name"), Map.of());
        assertThat(decision.consentV()).isEqualTo(7);
        assertThat(decision.fields().masked()).isEmpty();
        assertThat(decision.fields().denied()).isEmpty();
    }

    @Test
    void successfulStatusesOtherThan200AreMinimisedToo() throws Exception {
        pdp.answers(200, """
                {"decision_id":"d-9","allow":true,"fields":{"allowed":["name"],"masked":{},"denied":[]},"reasons":[]}""");
        try (Response response = get("customers/c-1/status/201", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(201);
            assertThat(JSON.readTree(response.readEntity(String.class))).isEqualTo(json("{'id':'c-1','name':'Alice Martin'}"));
        }
    }

    @Test
    void responsesThatAreNotSuccessfulPassUnchanged() {
        try (Response response = get("customers/c-1/status/409", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(409);
            assertThat(response.readEntity(String.class)).contains("Alice Martin", "refund");
        }
        try (Response response = get("customers/c-404/status/200", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(404);
            assertThat(response.readEntity(String.class)).contains("urn:purposegate:problem:not-found");
        }
    }

    @Test
    void aGuardedSuccessWithoutADecisionIsWithheldAs503() {
        try (Response response = get("customers/c-1", Map.of("X-Short-Circuit", "1"))) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
            assertThat(response.readEntity(String.class))
                    .contains("urn:purposegate:problem:decision-unavailable", "sdk.no_decision").doesNotContain("Alice");
        }
    }

    @Test
    void anEntityThatCannotBeReadAsJsonIsWithheldAs503() {
        try (Response response = get("customers/c-1/stream", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.readEntity(String.class)).contains("sdk.entity_not_json").doesNotContain("Alice");
        }
    }

    // ------------------------------------------------------------ fail closed

    @Test
    void pdpThatCannotDecideDeniesWith503AndItsReasons() {
        pdp.answers(503, """
                {"decision_id":"d-3","allow":false,"fields":{"allowed":[],"masked":{},"denied":["name","email"]},
                 "reasons":[{"code":"engine.unavailable","message":"the policy engine could not decide"}]}""");

        try (Response response = get("customers/c-1", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.readEntity(String.class)).contains("engine.unavailable", "d-3").doesNotContain("Alice");
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void anOverloadedPdpsRetryAfterReachesTheCallerAndThePdpIsAskedOnce() {
        pdp.answers(503, """
                {"type":"urn:purposegate:problem:pdp-overloaded","status":503,"decision_id":"d-5","allow":false,
                 "reasons":[{"code":"pdp.overloaded","message":"the PDP is too busy to decide now"}]}""");
        pdp.retryAfter("2");

        try (Response response = get("customers/c-1", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
            assertThat(response.readEntity(String.class)).contains("pdp.overloaded", "d-5").doesNotContain("Alice");
        }
        assertThat(pdp.calls).hasValue(1);
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void aPdpThatCannotDecideWithoutRetryAfterGetsNoneInvented() {
        pdp.answers(503, """
                {"decision_id":"d-6","allow":false,"reasons":[{"code":"engine.unavailable","message":"no engine"}]}""");

        try (Response response = get("customers/c-1", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isNull();
        }
    }

    @Test
    void pdpWithoutSigningKeysDeniesWith503NotWith403() {
        pdp.answers(503, """
                {"decision_id":"d-4","allow":false,"fields":{"allowed":[],"masked":{},"denied":["name","email"]},
                 "reasons":[{"code":"token.keys_unavailable","message":"the token's signing keys could not be loaded"}]}""");

        try (Response response = get("customers/c-1", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.readEntity(String.class)).contains("token.keys_unavailable", "d-4");
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void pdpAnsweringGarbageDeniesWith503() {
        pdp.answers(200, "<html>proxy error</html>");

        try (Response response = get("customers/c-1", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(503);
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void pdpSlowerThanTheBudgetDeniesWith503() {
        pdp.delays(1500);

        long start = System.nanoTime();
        try (Response response = get("customers/c-1", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.readEntity(String.class)).contains("pdp.unavailable").doesNotContain("Alice");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void unreachablePdpDeniesWith503() throws Exception {
        URI deadUrl;
        try (FakePdp gone = new FakePdp()) {
            deadUrl = gone.url();
        }
        // the constructor of the first release still wires a filter
        try (TestApp deadApp = new TestApp(new PurposeGateFilter(new PdpClient(deadUrl, Duration.ofMillis(300)), TestApp.SUBJECTS));
                Response response = get(deadApp.base, "customers/c-1", SUPPORT)) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.readEntity(String.class)).contains("pdp.unavailable").doesNotContain("Alice");
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void aBobTokenNeverSeesAliceWhenThePdpDenies() {
        pdp.answers(200, """
                {"decision_id":"d-10","allow":false,"fields":{"allowed":[],"masked":{},"denied":["name"]},"reasons":[]}""");
        String bob = TestApp.jwt("{\"sub\":\"" + BOB + "\"}");
        try (Response response = get("customers/c-1/full", Map.of("Authorization", "Bearer " + bob, "Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.readEntity(String.class)).doesNotContain("Alice");
        }
    }

    @Test
    void withoutADecisionCacheEveryAccessAsksThePdp() {
        String token = TestApp.jwt("{\"sub\":\"" + ALICE + "\",\"azp\":\"crm-web\",\"exp\":4102444800}");
        for (int i = 0; i < 2; i++) {
            try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer " + token, "Data-Purpose", "support"))) {
                assertThat(response.getStatus()).isEqualTo(200);
            }
        }
        assertThat(pdp.calls).hasValue(2);
    }
}
