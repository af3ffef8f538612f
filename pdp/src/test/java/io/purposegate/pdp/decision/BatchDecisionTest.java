package io.purposegate.pdp.decision;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.purposegate.pdp.FakeNeighbours;
import io.purposegate.pdp.token.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** {@code POST /v1/decisions/batch} with the fake OPA: order, one OPA call, per-item consent and log entries, failures. */
@QuarkusTest
@QuarkusTestResource(FakeNeighbours.class)
class BatchDecisionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOW = """
            {"allow":true,"reasons":[],"fields":{"allowed":["name"],"masked":{"email":"hash"},"denied":[]}}""";
    private static final String DENY = """
            {"allow":false,"reasons":[{"code":"consent.refused","message":"no"}],"fields":{"allowed":[],"masked":{},"denied":["name","email"]}}""";

    private final String miaToken = TestTokens.sign(
            TestTokens.accessToken("mia-id", "mia", "marketing-app", List.of("marketing-staff")).build());
    private final String officerToken = TestTokens.sign(
            TestTokens.accessToken("olga-id", "olga", "privacy-console", List.of("privacy-officer")).build());
    private final String run = UUID.randomUUID().toString();

    @BeforeEach
    void opaAllows() {
        FakeNeighbours.opaAnswers(ALLOW);
    }

    private String owner(int i) {
        return "owner-" + i + "-" + run;
    }

    private String batch(int size) {
        StringBuilder resources = new StringBuilder();
        for (int i = 0; i < size; i++) {
            resources.append(i == 0 ? "" : ",").append("""
                    {"type":"customer","id":"c-%d","owner":"%s","fields":["name","email"]}""".formatted(i, owner(i)));
        }
        return """
                {"action":"list","purpose":"marketing","context":{"gpc":false},"resources":[%s]}""".formatted(resources);
    }

    private io.restassured.response.ValidatableResponse post(String body) {
        return given().auth().oauth2(miaToken).contentType(ContentType.JSON).body(body)
                .when().post("/v1/decisions/batch").then();
    }

    @Test
    void oneDecisionPerResourceInOrderFromOneOpaCall() throws Exception {
        int before = FakeNeighbours.OPA_CALLS.get();
        JsonPath answer = post(batch(5)).statusCode(200).contentType(ContentType.JSON)
                .body("decisions", hasSize(5))
                .body("decisions.allow", everyItem(equalTo(true)))
                .body("decisions[0].fields.masked.email", equalTo("hash"))
                .body("decisions[0].review", equalTo(false))
                .body("decisions[0]", not(hasKey("consent_v")))
                .extract().jsonPath();

        assertThat(FakeNeighbours.OPA_CALLS.get() - before).isEqualTo(1);
        assertThat(FakeNeighbours.LAST_OPA_PATH.get()).isEqualTo("/opa/v1/data/purposegate/batch/decisions");
        List<String> ids = answer.getList("decisions.decision_id");
        assertThat(new HashSet<>(ids)).hasSize(5);
        assertThat(ids).allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        JsonNode items = JSON.readTree(FakeNeighbours.LAST_OPA_REQUEST.get()).at("/input/items");
        assertThat(items.size()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(items.get(i).at("/resource/id").asText()).isEqualTo("c-" + i);
            assertThat(items.get(i).at("/resource/owner").asText()).isEqualTo(owner(i));
            assertThat(items.get(i).at("/subject/id").asText()).isEqualTo(owner(i));
        }
    }

    @Test
    void eachItemsInputIsTheInputTheSingleEndpointSends() throws Exception {
        String single = """
                {"action":"list","purpose":"marketing","context":{"gpc":false},
                 "resource":{"type":"customer","id":"c-0","owner":"%s","fields":["name","email"]}}""".formatted(owner(0));
        given().auth().oauth2(miaToken).contentType(ContentType.JSON).body(single)
                .when().post("/v1/decisions").then().statusCode(200);
        String singleInput = withoutTime(JSON.readTree(FakeNeighbours.LAST_OPA_REQUEST.get()).get("input"));

        post(batch(2)).statusCode(200);
        String batchItem = withoutTime(JSON.readTree(FakeNeighbours.LAST_OPA_REQUEST.get()).at("/input/items/0"));

        assertThat(batchItem).isEqualTo(singleInput);
    }

    private static String withoutTime(JsonNode input) {
        ObjectNode copy = input.deepCopy();
        copy.remove("time");
        return copy.toString(); // field order kept: the same bytes apart from the time
    }

    @Test
    void itemsTheCallerMayNotAccessCarryNoConsentVersion() {
        postEvent(owner(1), 4, "refused").then().statusCode(200);
        FakeNeighbours.opaAnswers("""
                {"allow":false,"reasons":[{"code":"access.not_permitted","message":"no"}],
                 "fields":{"allowed":[],"masked":{},"denied":["name","email"]}}""");

        post(batch(3)).statusCode(200)
                .body("decisions[1]", not(hasKey("consent_v")))
                .body("decisions[1].reasons[0].code", equalTo("access.not_permitted"));
    }

    @Test
    void eachItemJoinsItsOwnersConsentAndAnswersItsVersion() throws Exception {
        postEvent(owner(1), 4, "refused").then().statusCode(200);

        post(batch(3)).statusCode(200)
                .body("decisions[0]", not(hasKey("consent_v")))
                .body("decisions[1].consent_v", equalTo(4))
                .body("decisions[2]", not(hasKey("consent_v")));

        JsonNode items = JSON.readTree(FakeNeighbours.LAST_OPA_REQUEST.get()).at("/input/items");
        assertThat(items.get(0).at("/subject/known").asBoolean()).isFalse();
        assertThat(items.get(1).at("/subject/known").asBoolean()).isTrue();
        assertThat(items.get(1).at("/subject/consents/marketing/state").asText()).isEqualTo("refused");
    }

    @Test
    void theBatchDocumentsDecisionsArePassedOnPerItem() {
        FakeNeighbours.opaBatchAnswersRaw(200, "{\"result\":[" + ALLOW + "," + DENY + "," + ALLOW.replace("\"allow\":true",
                "\"allow\":true,\"review\":true") + "]}");

        post(batch(3)).statusCode(200)
                .body("decisions.allow", equalTo(List.of(true, false, true)))
                .body("decisions[1].reasons[0].code", equalTo("consent.refused"))
                .body("decisions[1].fields.denied", equalTo(List.of("name", "email")))
                .body("decisions.review", equalTo(List.of(false, false, true)));
    }

    @Test
    void everyItemIsItsOwnLogEntryFoundByItsSubject() {
        FakeNeighbours.opaBatchAnswersRaw(200, "{\"result\":[" + ALLOW + "," + DENY + "]}");
        List<String> ids = post(batch(2)).statusCode(200).extract().jsonPath().getList("decisions.decision_id");

        for (int i = 0; i < 2; i++) {
            JsonPath page = given().auth().oauth2(officerToken).queryParam("subject", owner(i))
                    .when().get("/v1/decisions").then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("decisions.decision_id", String.class)).containsExactly(ids.get(i));
            assertThat(page.getString("decisions[0].subject")).isEqualTo(owner(i));
            assertThat(page.getString("decisions[0].resource.id")).isEqualTo("c-" + i);
            assertThat(page.getString("decisions[0].actor.client_id")).isEqualTo("marketing-app");
            assertThat(page.getBoolean("decisions[0].allow")).isEqualTo(i == 0);
        }
        given().auth().oauth2(officerToken).when().get("/v1/decisions/verify")
                .then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void theLargestBatchIsDecidedAndOneMoreIs400() {
        post(batch(100)).statusCode(200).body("decisions", hasSize(100));
        post(batch(101)).statusCode(400).contentType("application/problem+json")
                .body("errors", hasItem("resources must list 1 to 100 resources (got 101)"));
        post(batch(0)).statusCode(400).contentType("application/problem+json")
                .body("errors", hasItem("resources must list 1 to 100 resources (got 0)"));
        post("{\"action\":\"list\",\"purpose\":\"marketing\"}").statusCode(400).body("errors", hasItem("resources is required"));
    }

    @Test
    void aBadItemIs400NamingItsIndexAndNothingIsDecided() {
        int before = FakeNeighbours.OPA_CALLS.get();
        String body = batch(3).replace("\"owner\":\"" + owner(1) + "\"", "\"owner\":\"\"")
                .replace("\"id\":\"c-2\",", "");
        post(body).statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:purposegate:problem:invalid-request"))
                .body("errors", equalTo(List.of("resources[1].owner is required", "resources[2].id is required")));
        post(batch(2).replace("\"action\":\"list\"", "\"action\":\"peek\"")).statusCode(400)
                .body("errors", hasItem(containsString("action must be one of")))
                .body("errors", hasSize(1));
        post(batch(2).replace("\"gpc\":false", "\"gpc\":\"yes\"")).statusCode(400)
                .body("errors", equalTo(List.of("context.gpc must be a boolean")));
        post(batch(2).replace("[\"name\",\"email\"]}]", "\"name\"}]")).statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("resources[1].fields"));
        post(batch(2).replace("{\"type\":\"customer\",\"id\":\"c-1\"", "null,{\"type\":\"customer\",\"id\":\"c-1\""))
                .statusCode(400).body("errors", hasItem("resources[1] is required"));
        post("[1,2]").statusCode(400).contentType("application/problem+json");
        post("{").statusCode(400).contentType("application/problem+json");
        assertThat(FakeNeighbours.OPA_CALLS.get()).isEqualTo(before);
    }

    @Test
    void noOrABadTokenIs401() {
        given().contentType(ContentType.JSON).body(batch(2)).when().post("/v1/decisions/batch")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2(miaToken + "x").contentType(ContentType.JSON).body(batch(2)).when().post("/v1/decisions/batch")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anEngineOutageDeniesEveryItemAndLogsEach() {
        FakeNeighbours.opaAnswersRaw(500, "{}");
        List<String> ids = post(batch(3)).statusCode(503).contentType(ContentType.JSON)
                .body("decisions", hasSize(3))
                .body("decisions.allow", everyItem(equalTo(false)))
                .body("decisions.reasons.code", everyItem(equalTo(List.of("engine.unavailable"))))
                .body("decisions[2].fields.denied", equalTo(List.of("name", "email")))
                .body("decisions[0].policy_revision", nullValue())
                .extract().jsonPath().getList("decisions.decision_id");

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(officerToken).queryParam("subject", owner(i)).when().get("/v1/decisions")
                    .then().statusCode(200)
                    .body("decisions.decision_id", equalTo(List.of(ids.get(i))))
                    .body("decisions[0].reasons[0].code", equalTo("engine.unavailable"));
        }
    }

    @Test
    void aWrongNumberOfDecisionsAnUndefinedOrAMalformedOneIsNoDecision() {
        for (String answer : List.of("{\"result\":[" + ALLOW + "]}", "{}", "{\"result\":" + ALLOW + "}",
                "{\"result\":[" + ALLOW + ",{\"allow\":true}]}", "{\"result\":[" + ALLOW + ",null]}", "{\"result\":\"yes\"}")) {
            FakeNeighbours.opaBatchAnswersRaw(200, answer);
            post(batch(2)).statusCode(503)
                    .body("decisions.allow", equalTo(List.of(false, false)))
                    .body("decisions[1].reasons[0].code", equalTo("engine.unavailable"));
        }
    }

    @Test
    void aSlowEngineIsNoDecision() {
        FakeNeighbours.opaAnswersRaw(0, "");
        long started = System.nanoTime();
        post(batch(2)).statusCode(503).body("decisions[0].reasons[0].code", equalTo("engine.unavailable"));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_900); // the batch budget, not the fake's 2 s
    }

    @Test
    void batchesAreCountedPerItemAndBySize() {
        FakeNeighbours.opaBatchAnswersRaw(200, "{\"result\":[" + ALLOW + "," + DENY + "]}");
        post(batch(2)).statusCode(200);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("purposegate_decisions_total{outcome=\"allow\"}")
                .contains("purposegate_decisions_denied_total{reason=\"consent.refused\"}")
                .contains("purposegate_decision_batch_size_count")
                .contains("purposegate_decision_batch_size_bucket{le=\"100.0\"}")
                .contains("purposegate_decision_batch_latency_seconds_count");
    }

    @Test
    void theOpenApiDocumentDescribesTheBatch() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).body(containsString("/v1/decisions/batch"));
    }

    private io.restassured.response.Response postEvent(String subject, long v, String marketing) {
        Map<String, Object> event = Map.of("id", "ev-" + v, "type", "consent.changed", "user_id", subject, "v", v,
                "previous_v", 0, "time", java.time.Instant.now().toString(), "jurisdiction", "EU", "notice", "2026-11",
                "consents", Map.of("marketing", Map.of("state", marketing, "time", "2026-11-29T10:00:00Z")),
                "records", new ArrayList<>());
        return given().contentType("application/jose")
                .body(TestTokens.consentEvent(event).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/v1/consent-events");
    }
}
