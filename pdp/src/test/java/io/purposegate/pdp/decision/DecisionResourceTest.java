package io.purposegate.pdp.decision;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.purposegate.pdp.FakeNeighbours;
import io.purposegate.pdp.token.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(FakeNeighbours.class)
class DecisionResourceTest {

    private static final String SUPPORT_READ = """
            {"action":"read","purpose":"support",
             "resource":{"type":"customer","id":"c-1","owner":"alice-id","fields":["name","email"]},
             "context":{"gpc":false}}""";

    private static final String ALLOW = """
            {"allow":true,"reasons":[],"fields":{"allowed":["name","email"],"masked":{},"denied":[]}}""";

    private final String samToken = TestTokens.sign(TestTokens.samAccessToken().build());

    @BeforeEach
    void opaAllows() {
        FakeNeighbours.opaAnswers(ALLOW);
    }

    @Test
    void allowedDecisionCarriesIdFieldsAndReasons() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(200)
                .body("allow", equalTo(true))
                .body("decision_id", matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))
                .body("fields.allowed", contains("name", "email"))
                .body("reasons", emptyIterable());
    }

    @Test
    void policyInputCarriesVerifiedClaimsAndTheRequest() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions").then().statusCode(200);

        String input = FakeNeighbours.LAST_OPA_REQUEST.get();
        assertThat(input)
                .contains("\"purposes\":[\"service\",\"support\"]")
                .contains("\"azp\":\"support-console\"")
                .contains("\"purpose\":\"support\"")
                .contains("\"owner\":\"alice-id\"")
                .doesNotContain(samToken);
    }

    @Test
    void deniedDecisionIsPassedOnWithItsReasons() {
        FakeNeighbours.opaAnswers("""
                {"allow":false,"reasons":[{"code":"purpose.not_in_token","message":"no"}],
                 "fields":{"allowed":[],"masked":{},"denied":["name","email"]}}""");

        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(200)
                .body("allow", equalTo(false))
                .body("reasons[0].code", equalTo("purpose.not_in_token"))
                .body("fields.denied", contains("name", "email"));
    }

    @Test
    void unreachableEngineDeniesWith503() {
        FakeNeighbours.opaAnswersRaw(500, "{\"code\":\"internal_error\"}");

        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(503)
                .body("allow", equalTo(false))
                .body("reasons[0].code", equalTo("engine.unavailable"))
                .body("fields.allowed", emptyIterable())
                .body("fields.denied", contains("name", "email"));
    }

    @Test
    void slowEngineDeniesWith503() {
        FakeNeighbours.opaAnswersRaw(0, "");

        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(503)
                .body("allow", equalTo(false))
                .body("reasons[0].code", equalTo("engine.unavailable"));
    }

    @Test
    void undefinedDecisionDeniesWith503() {
        FakeNeighbours.opaAnswersRaw(200, "{}");

        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(503)
                .body("reasons[0].code", equalTo("engine.unavailable"));
    }

    @Test
    void decisionOfTheWrongShapeDeniesWith503() {
        FakeNeighbours.opaAnswers("{\"allow\":\"yes\"}");

        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(503)
                .body("allow", equalTo(false));
    }

    @Test
    void missingTokenIs401Problem() {
        given().contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:purposegate:problem:invalid-token"))
                .body("status", equalTo(401))
                .body("detail", containsString("bearer access token is required"));
    }

    @Test
    void forgedTokenIs401Problem() {
        String forged = TestTokens.sign(TestTokens.samAccessToken().build(), TestTokens.generate("test-key"));

        given().auth().oauth2(forged).contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void tokenSignedWithAKeyTheRealmDoesNotHaveIs401NotAnOutage() {
        String foreign = TestTokens.sign(TestTokens.samAccessToken().build(), TestTokens.generate("kid-the-realm-never-had"));
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(foreign).contentType(ContentType.JSON).body(SUPPORT_READ)
                    .when().post("/v1/decisions")
                    .then().statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo("urn:purposegate:problem:invalid-token"));
        }
    }

    @Test
    void malformedJsonIs400Problem() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON).body("{\"action\": ")
                .when().post("/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    @Test
    void illTypedFieldIs400Problem() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON)
                .body("{\"action\":\"read\",\"purpose\":\"support\",\"resource\":{\"type\":\"customer\",\"id\":\"c-1\",\"owner\":\"a\",\"fields\":{\"x\":1}}}")
                .when().post("/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("resource.fields"));
    }

    @Test
    void missingPartsAre400ProblemNamingThem() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON).body("{\"action\":\"peek\"}")
                .when().post("/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:purposegate:problem:invalid-request"))
                .body("errors", hasItem("purpose is required"))
                .body("errors", hasItem("resource is required"));
    }

    @Test
    void jsonArrayInsteadOfObjectIs400Problem() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON).body("[1,2]")
                .when().post("/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void wrongContentTypeIs400Problem() {
        given().auth().oauth2(samToken).contentType(ContentType.TEXT).body("read support")
                .when().post("/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:purposegate:problem:unsupported-media-type"));
    }

    @Test
    void bodyOverTheLimitIs400Problem() {
        String huge = SUPPORT_READ.replace("\"gpc\":false", "\"gpc\":false,\"justification\":\"" + "x".repeat(70_000) + "\"");
        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(huge)
                .when().post("/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:purposegate:problem:body-too-large"));
    }

    @Test
    void illTypedContextIs400Problem() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON)
                .body(SUPPORT_READ.replace("\"gpc\":false", "\"gpc\":\"yes\""))
                .when().post("/v1/decisions")
                .then().statusCode(400)
                .body("errors", hasItem("context.gpc must be a boolean"));
    }

    @Test
    void decisionReportsThePolicyRevisionOpaUsed() {
        FakeNeighbours.OPA_ANSWER.set(new FakeNeighbours.OpaAnswer(200, "{\"result\":" + ALLOW
                + ",\"provenance\":{\"bundles\":{\"purposegate\":{\"revision\":\"sha256-abc\"}}}}"));

        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(200)
                .body("policy_revision", equalTo("sha256-abc"));
    }

    @Test
    void bundleIsServedWithAnETagAnd304WhenUnchanged() {
        String etag = given().when().get("/v1/bundles/purposegate.tar.gz")
                .then().statusCode(200).contentType("application/gzip")
                .header("ETag", startsWith("\"sha256-"))
                .extract().header("ETag");
        given().header("If-None-Match", etag).when().get("/v1/bundles/purposegate.tar.gz").then().statusCode(304);
        given().when().get("/v1/bundles/other.tar.gz").then().statusCode(404);
    }

    @Test
    void openApiDocumentDescribesTheDecisionApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/v1/decisions"))
                .body(containsString("/v1/consent-events"));
    }

    @Test
    void emptyBodyIs400Problem() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON)
                .when().post("/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void decisionsAreCountedByOutcomeInPrometheusMetrics() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions").then().statusCode(200);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("purposegate_decisions_total{outcome=\"allow\"}"))
                .body(containsString("purposegate_decisions_total{outcome=\"engine.unavailable\"}"))
                .body(containsString("purposegate_decision_latency_seconds_bucket"))
                .body(containsString("purposegate_opa_errors_total"))
                .body(containsString("purposegate_consent_event_lag_seconds"));
    }

    @Test
    void readyWhenTheEngineDecides() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.name", hasItem("policy"))
                .body("checks.find { it.name == 'policy' }.data.engine", equalTo("opa"))
                .body("checks.name", hasItem("jwks"))
                .body("checks.name", hasItem("store"));
    }

    @Test
    void notReadyWhenTheEngineCannotDecide() {
        FakeNeighbours.opaAnswersRaw(200, "{}");

        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'policy' }.status", equalTo("DOWN"));
    }
}
