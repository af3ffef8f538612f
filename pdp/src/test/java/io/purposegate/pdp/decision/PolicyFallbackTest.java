package io.purposegate.pdp.decision;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.purposegate.pdp.FakeNeighbours;
import io.purposegate.pdp.token.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * When the policy cannot be compiled (here: no OPA binary to compile it with), the PDP with
 * {@code purposegate.policy.fallback=opa} decides through the OPA server instead, says so in its readiness, and
 * counts each fallback decision.
 */
@QuarkusTest
@QuarkusTestResource(FakeNeighbours.class)
@TestProfile(PolicyFallbackTest.NoCompiler.class)
class PolicyFallbackTest {

    public static class NoCompiler extends CompiledPolicyDecisionsTest.Compiled {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("purposegate.policy.opa-binary", "/nonexistent/opa");
            overrides.put("purposegate.policy.fallback", "opa");
            return overrides;
        }
    }

    private final String samToken = TestTokens.sign(TestTokens.samAccessToken().build());

    @BeforeEach
    void opaAllows() {
        FakeNeighbours.opaAnswers("""
                {"allow":true,"reasons":[{"code":"fake.opa","message":"the OPA server decided"}],
                 "fields":{"allowed":["name","email","segment"],"masked":{},"denied":[]}}""");
    }

    @Test
    void withoutACompiledPolicyTheOpaServerDecidesAndReadinessSaysSo() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().when().get("/q/health/ready").statusCode() == 200);
        given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'policy' }.data.engine", equalTo("opa"));

        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(CompiledPolicyDecisionsTest.SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(200)
                .body("reasons.code", contains("fake.opa"));

        String metrics = given().when().get("/q/metrics").then().extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .containsPattern("purposegate_policy_load_failures_total [1-9]")
                .containsPattern("purposegate_policy_fallback_total [1-9]")
                .contains("purposegate_policy_compiled_loaded 0.0");
    }
}
