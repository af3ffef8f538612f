package io.purposegate.pdp.decision;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.purposegate.pdp.FakeNeighbours;
import io.purposegate.pdp.token.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Decisions over HTTP made by the policy compiled from the repository's policies with the real OPA and evaluated
 * in-process (the fake OPA server is never asked: its answers would deny everything).
 */
@QuarkusTest
@QuarkusTestResource(FakeNeighbours.class)
@TestProfile(CompiledPolicyDecisionsTest.Compiled.class)
class CompiledPolicyDecisionsTest {

    /** The compiled policy, no fallback to OPA. */
    public static class Compiled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "purposegate.policy.engine", "wasm",
                    "purposegate.policy.fallback", "deny",
                    "purposegate.policy.opa-binary", Path.of(System.getProperty("purposegate-test.opa-binary")).toAbsolutePath().toString(),
                    "purposegate.bundle.policies-dir", Path.of(System.getProperty("purposegate-test.policies")).toAbsolutePath().toString(),
                    "purposegate.policy.instances", "1",
                    "purposegate.policy.warmup-evaluations", "50",
                    "purposegate.policy.differential.sample-rate", "0");
        }
    }

    static final String SUPPORT_READ = """
            {"action":"read","purpose":"support",
             "resource":{"type":"customer","id":"c-1","owner":"alice-id","fields":["name","email","segment"]},
             "context":{"gpc":false}}""";

    private final String samToken = TestTokens.sign(TestTokens.samAccessToken().build());

    @BeforeEach
    void opaWouldDenyEverything() {
        FakeNeighbours.opaAnswers("""
                {"allow":false,"reasons":[{"code":"fake.opa","message":"the fake OPA answered"}],
                 "fields":{"allowed":[],"masked":{},"denied":["name","email","segment"]}}""");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(samToken)
                .contentType(ContentType.JSON).body(SUPPORT_READ).post("/v1/decisions").statusCode() == 200);
    }

    @Test
    void theCompiledPolicyDecidesAndEachDecisionNamesRevisionAndDataVersion() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(200)
                .body("reasons.code", not(hasItem("fake.opa")))
                // the test token's sam has no privacy_training claim: the real policy's staff rule denies
                .body("reasons.code", hasItem("staff.training_missing"))
                .body("policy_revision", startsWith("sha256-"))
                .body("data_version", startsWith("sha256-"));
    }

    @Test
    void readinessNamesTheCompiledPolicyItsRevisionAndDataVersion() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'policy' }.data.engine", equalTo("wasm"))
                .body("checks.find { it.name == 'policy' }.data.revision", startsWith("sha256-"))
                .body("checks.find { it.name == 'policy' }.data.data_version", startsWith("sha256-"));
    }

    @Test
    void aBatchIsDecidedItemByItemByTheSamePolicy() {
        given().auth().oauth2(samToken).contentType(ContentType.JSON)
                .body("""
                        {"action":"read","purpose":"support","resources":[
                          {"type":"customer","id":"c-1","owner":"alice-id","fields":["name"]},
                          {"type":"customer","id":"c-2","owner":"bob-id","fields":["segment"]}]}""")
                .when().post("/v1/decisions/batch")
                .then().statusCode(200)
                .body("decisions.size()", equalTo(2))
                .body("decisions[1].reasons.code", hasItem("staff.training_missing"))
                .body("decisions[0].data_version", startsWith("sha256-"));
    }
}
