package io.purposegate.pdp.decision;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;

import io.purposegate.pdp.FakeNeighbours;
import io.purposegate.pdp.token.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The whole decision path with the consent registry and the decision log: input, logging, queries, consent events. */
@QuarkusTest
@QuarkusTestResource(FakeNeighbours.class)
class DecisionFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOW = """
            {"allow":true,"reasons":[],"fields":{"allowed":["name"],"masked":{"phone":"last4"},"denied":["address"]}}""";

    private final String owner = "owner-" + UUID.randomUUID();
    private final String samToken = TestTokens.sign(TestTokens.samAccessToken().build());
    private final String officerToken = TestTokens.sign(
            TestTokens.accessToken("olga-id", "olga", "privacy-console", List.of("privacy-officer")).build());

    @BeforeEach
    void opaAllows() {
        FakeNeighbours.opaAnswers(ALLOW);
    }

    private String request(String purpose) {
        return """
                {"action":"read","purpose":"%s",
                 "resource":{"type":"customer","id":"c-1","owner":"%s","fields":["name","phone","address"],
                             "created_at":"2025-01-10T00:00:00Z","retention_from":"2026-03-01T12:00:00Z"},
                 "context":{"gpc":false,"justification":"ticket 123"}}""".formatted(purpose, owner);
    }

    private String decide(String purpose) {
        return given().auth().oauth2(samToken).contentType(ContentType.JSON).body(request(purpose))
                .when().post("/v1/decisions")
                .then().statusCode(200).extract().path("decision_id");
    }

    private JsonNode lastInput() throws Exception {
        return JSON.readTree(FakeNeighbours.LAST_OPA_REQUEST.get()).get("input");
    }

    @Test
    void policyInputFollowsTheInterfaceDocument() throws Exception {
        decide("support");

        JsonNode input = lastInput();
        assertThat(input.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(input.get("action").asText()).isEqualTo("read");
        assertThat(input.get("purpose").asText()).isEqualTo("support");
        assertThat(input.at("/resource/owner").asText()).isEqualTo(owner);
        assertThat(input.at("/resource/created_at").asText()).isEqualTo("2025-01-10T00:00:00Z");
        assertThat(input.at("/resource/retention_from").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(input.at("/token/azp").asText()).isEqualTo("support-console");
        assertThat(input.at("/actor/client_id").asText()).isEqualTo("support-console");
        assertThat(input.at("/actor/username").asText()).isEqualTo("sam");
        assertThat(input.at("/actor/human").asBoolean()).isTrue();
        assertThat(input.at("/actor/roles/0").asText()).isEqualTo("support-agent");
        assertThat(input.at("/subject/id").asText()).isEqualTo(owner);
        assertThat(input.at("/subject/known").asBoolean()).isFalse();
        assertThat(input.at("/subject/consents").isObject()).isTrue();
        assertThat(input.at("/context/justification").asText()).isEqualTo("ticket 123");
    }

    @Test
    void withdrawnConsentReachesTheNextDecisionEvenWithAnOldToken() throws Exception {
        postEvent(event(1, 0, "given")).then().statusCode(200).body("outcome", equalTo("applied"));
        decide("analytics");
        assertThat(lastInput().at("/subject/consents/analytics/state").asText()).isEqualTo("given");

        postEvent(event(2, 1, "withdrawn")).then().statusCode(200).body("outcome", equalTo("applied"));
        decide("analytics");

        JsonNode input = lastInput();
        assertThat(input.at("/subject/known").asBoolean()).isTrue();
        assertThat(input.at("/subject/v").asLong()).isEqualTo(2);
        assertThat(input.at("/subject/consents/analytics/state").asText()).isEqualTo("withdrawn");
        assertThat(input.at("/subject/rights/erasure_pending").asBoolean()).isFalse();
    }

    @Test
    void theAnswerCarriesTheConsentVersionTheDecisionUsed() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(request("support"))
                .when().post("/v1/decisions")
                .then().statusCode(200).body("$", not(hasKey("consent_v")));

        postEvent(event(3, 0, "given")).then().statusCode(200);
        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(request("support"))
                .when().post("/v1/decisions")
                .then().statusCode(200).body("consent_v", equalTo(3));

        // without a decision it is not known whether the caller may access the subject: no version
        FakeNeighbours.opaAnswersRaw(500, "{}");
        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(request("support"))
                .when().post("/v1/decisions")
                .then().statusCode(503).body("$", not(hasKey("consent_v")));
    }

    @Test
    void aCallerWhoMayNotAccessTheSubjectGetsNoConsentVersion() {
        postEvent(event(3, 0, "given")).then().statusCode(200);
        FakeNeighbours.opaAnswers("""
                {"allow":false,"reasons":[{"code":"access.not_permitted","message":"no"}],
                 "fields":{"allowed":[],"masked":{},"denied":["name"]}}""");

        String known = given().auth().oauth2(samToken).contentType(ContentType.JSON).body(request("support"))
                .when().post("/v1/decisions")
                .then().statusCode(200).body("$", not(hasKey("consent_v"))).extract().asString();
        String unknown = given().auth().oauth2(samToken).contentType(ContentType.JSON)
                .body(request("support").replace(owner, "no-such-subject-" + UUID.randomUUID()))
                .when().post("/v1/decisions")
                .then().statusCode(200).extract().asString();
        assertThat(withoutDecisionId(known)).isEqualTo(withoutDecisionId(unknown));
    }

    private static String withoutDecisionId(String answer) {
        return answer.replaceAll("\"decision_id\":\"[^\"]*\"", "");
    }

    @Test
    void duplicateAndOlderEventsAreAcknowledged() {
        postEvent(event(5, 4, "given")).then().statusCode(200).body("outcome", equalTo("applied_after_gap"));
        postEvent(event(5, 4, "given")).then().statusCode(200).body("outcome", equalTo("stale"));
        postEvent(event(3, 2, "withdrawn")).then().statusCode(200).body("outcome", equalTo("stale")).body("v", equalTo(5));
    }

    @Test
    void consentEventsMustBeSignedTypedAndAddressedToThePdp() {
        Map<String, Object> event = event(1, 0, "given");
        given().contentType("application/jose").body(bytes(TestTokens.consentEvent(event, JOSEObjectType.JWT, "purposegate-pdp")))
                .when().post("/v1/consent-events").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/jose").body(bytes(TestTokens.consentEvent(event,
                        new JOSEObjectType("purposegate-consent-event+jwt"), "someone-else")))
                .when().post("/v1/consent-events").then().statusCode(401);
        given().contentType("application/jose").body(bytes(samToken))
                .when().post("/v1/consent-events").then().statusCode(401);
        given().contentType(ContentType.JSON).body(JSON.valueToTree(event).toString())
                .when().post("/v1/consent-events").then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/jose").body(bytes(TestTokens.consentEvent(Map.of("type", "consent.changed"))))
                .when().post("/v1/consent-events").then().statusCode(400).body("errors", hasItem("event.user_id is required"));
        given().contentType("application/jose").body(bytes(TestTokens.consentEvent(Map.of("user_id", owner, "v", "seven"))))
                .when().post("/v1/consent-events").then().statusCode(400);
    }

    @Test
    void everyAnsweredDecisionIsInTheLogAndTheSubjectCanReadIt() {
        String id = decide("support");
        String ownerToken = TestTokens.sign(TestTokens.accessToken(owner, "alice", "account", List.of("customer")).build());

        given().auth().oauth2(ownerToken).queryParam("subject", owner)
                .when().get("/v1/decisions")
                .then().statusCode(200)
                .body("decisions.decision_id", hasItem(id))
                .body("decisions[0].actor.client_id", equalTo("support-console"))
                .body("decisions[0].fields.masked.phone", equalTo("last4"))
                .body("decisions[0].fields.denied", hasItem("address"));
    }

    @Test
    void aBreakGlassAccessIsMarkedForReviewInTheAnswerAndInTheLog() {
        FakeNeighbours.opaAnswers("""
                {"allow":true,"review":true,"reasons":[{"code":"breakglass.used","message":"break-glass overrode purpose.not_in_token"}],
                 "fields":{"allowed":["name","phone","address"],"masked":{},"denied":[]}}""");
        String id = given().auth().oauth2(samToken).contentType(ContentType.JSON).body(request("support"))
                .when().post("/v1/decisions")
                .then().statusCode(200).body("review", equalTo(true)).extract().path("decision_id");
        FakeNeighbours.opaAnswers(ALLOW);
        String ordinary = given().auth().oauth2(samToken).contentType(ContentType.JSON).body(request("support"))
                .when().post("/v1/decisions")
                .then().statusCode(200).body("review", equalTo(false)).extract().path("decision_id");

        given().auth().oauth2(officerToken).queryParam("subject", owner)
                .when().get("/v1/decisions")
                .then().statusCode(200)
                .body("decisions.find { it.decision_id == '%s' }.review".formatted(id), equalTo(true))
                .body("decisions.find { it.decision_id == '%s' }.reasons[0].code".formatted(id), equalTo("breakglass.used"))
                .body("decisions.find { it.decision_id == '%s' }".formatted(ordinary), not(hasKey("review")));
    }

    @Test
    void othersMayNotReadASubjectsDecisionsButAPrivacyOfficerMay() {
        decide("support");

        given().auth().oauth2(samToken).queryParam("subject", owner).when().get("/v1/decisions")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(samToken).queryParam("actor", "support-console").when().get("/v1/decisions")
                .then().statusCode(403);
        given().auth().oauth2(officerToken).queryParam("subject", owner).when().get("/v1/decisions")
                .then().statusCode(200).body("decisions.subject", hasItem(owner));
        given().when().get("/v1/decisions?subject=" + owner).then().statusCode(401);
    }

    @Test
    void actorQueryPagesWithACursor() {
        for (int i = 0; i < 3; i++) {
            decide("support");
        }
        String from = java.time.Instant.now().minusSeconds(600).toString();
        String next = given().auth().oauth2(officerToken)
                .queryParam("actor", "00000000-0000-4000-8000-000000000005").queryParam("from", from).queryParam("limit", 2)
                .when().get("/v1/decisions")
                .then().statusCode(200).body("decisions.size()", equalTo(2)).body("next", notNullValue())
                .extract().path("next");
        given().auth().oauth2(officerToken)
                .queryParam("actor", "00000000-0000-4000-8000-000000000005").queryParam("from", from).queryParam("cursor", next)
                .when().get("/v1/decisions")
                .then().statusCode(200);
    }

    @Test
    void badQueriesAre400() {
        given().auth().oauth2(officerToken).when().get("/v1/decisions").then().statusCode(400);
        given().auth().oauth2(officerToken).queryParam("subject", "x").queryParam("from", "yesterday")
                .when().get("/v1/decisions").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(officerToken).queryParam("subject", "x").queryParam("cursor", "!!")
                .when().get("/v1/decisions").then().statusCode(400);
        given().auth().oauth2(officerToken).queryParam("subject", "x").queryParam("limit", "100000")
                .when().get("/v1/decisions").then().statusCode(400);
    }

    @Test
    void chainVerifiesForAPrivacyOfficerOnly() {
        decide("support");

        given().auth().oauth2(officerToken).when().get("/v1/decisions/verify")
                .then().statusCode(200).body("valid", equalTo(true));
        given().auth().oauth2(samToken).when().get("/v1/decisions/verify").then().statusCode(403);
    }

    @Test
    void engineOutageIsLoggedAsADenial() {
        FakeNeighbours.opaAnswersRaw(500, "{}");
        String id = given().auth().oauth2(samToken).contentType(ContentType.JSON).body(request("support"))
                .when().post("/v1/decisions").then().statusCode(503).extract().path("decision_id");

        given().auth().oauth2(officerToken).queryParam("subject", owner).when().get("/v1/decisions")
                .then().statusCode(200)
                .body("decisions.find { it.decision_id == '" + id + "' }.allow", equalTo(false))
                .body("decisions.find { it.decision_id == '" + id + "' }.reasons[0].code", equalTo("engine.unavailable"));
    }

    private Map<String, Object> event(long v, long previousV, String state) {
        return Map.of("id", "ev-" + v, "type", "consent.changed", "user_id", owner, "v", v, "previous_v", previousV,
                "time", java.time.Instant.now().toString(), "jurisdiction", "EU", "notice", "2026-11",
                "consents", Map.of("analytics", Map.of("state", state, "time", "2026-11-29T10:00:00Z")),
                "records", List.of());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private io.restassured.response.Response postEvent(Map<String, Object> event) {
        return given().contentType("application/jose").body(TestTokens.consentEvent(event).getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/v1/consent-events");
    }
}
