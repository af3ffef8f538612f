package io.purposegate.pdp.decision;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.purposegate.pdp.FakeNeighbours;
import io.purposegate.pdp.token.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A decision the PDP cannot admit is shed explicitly: {@code 503} with {@code Retry-After} and the reason
 * {@code pdp.overloaded}, every requested field denied, counted, and not logged (it was never decided). Forced here
 * by admitting no waiting decision at all ({@code purposegate.admission.max-waiting=0}).
 */
@QuarkusTest
@QuarkusTestResource(FakeNeighbours.class)
@TestProfile(AdmissionControlHttpTest.NoneAdmitted.class)
class AdmissionControlHttpTest {

    public static class NoneAdmitted extends CompiledPolicyDecisionsTest.Compiled {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("purposegate.admission.max-waiting", "0");
            return overrides;
        }
    }

    private final String samToken = TestTokens.sign(TestTokens.samAccessToken().build());

    @Test
    void aShedDecisionIs503WithRetryAfterAndPdpOverloadedAndIsNotLogged() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "pdp.overloaded".equals(given().auth().oauth2(samToken)
                .contentType(ContentType.JSON).body(CompiledPolicyDecisionsTest.SUPPORT_READ).post("/v1/decisions")
                .jsonPath().getString("reasons[0].code")));
        double decidedBefore = decided();

        given().auth().oauth2(samToken).contentType(ContentType.JSON).body(CompiledPolicyDecisionsTest.SUPPORT_READ)
                .when().post("/v1/decisions")
                .then().statusCode(503)
                .header("Retry-After", equalTo("1"))
                .body("allow", equalTo(false))
                .body("reasons.code", contains("pdp.overloaded"))
                .body("fields.denied", contains("name", "email", "segment"));

        given().auth().oauth2(samToken).contentType(ContentType.JSON)
                .body("""
                        {"action":"read","purpose":"support","resources":[
                          {"type":"customer","id":"c-1","owner":"alice-id","fields":["name"]},
                          {"type":"customer","id":"c-2","owner":"bob-id","fields":["email"]}]}""")
                .when().post("/v1/decisions/batch")
                .then().statusCode(503)
                .header("Retry-After", equalTo("1"))
                .body("decisions.reasons.code.flatten()", contains("pdp.overloaded", "pdp.overloaded"));

        assertThat(decided()).as("allow and deny decisions counted (and logged) meanwhile").isEqualTo(decidedBefore);
        assertThat(metric("purposegate_decisions_total{outcome=\"pdp.overloaded\"")).isGreaterThanOrEqualTo(3);
        assertThat(metric("purposegate_admission_shed_total")).isGreaterThanOrEqualTo(2);
    }

    private static double decided() {
        return metric("purposegate_decisions_total{outcome=\"allow\"") + metric("purposegate_decisions_total{outcome=\"deny\"");
    }

    private static double metric(String prefix) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
