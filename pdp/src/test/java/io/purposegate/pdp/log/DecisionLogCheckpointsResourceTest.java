package io.purposegate.pdp.log;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.purposegate.pdp.FakeNeighbours;
import io.purposegate.pdp.token.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(FakeNeighbours.class)
class DecisionLogCheckpointsResourceTest {

    private final String samToken = TestTokens.sign(TestTokens.samAccessToken().build());
    private final String officerToken = TestTokens.sign(
            TestTokens.accessToken("olga-id", "olga", "privacy-console", List.of("privacy-officer")).build());

    @Test
    void theCheckpointKeyIsPublishedWithoutItsPrivateHalfToAnyone() {
        given().when().get("/v1/decisions/checkpoints/jwks")
                .then().statusCode(200)
                .body("keys[0].kty", equalTo("EC"))
                .body("keys[0].crv", equalTo("P-256"))
                .body("keys[0].kid", notNullValue())
                .body("keys[0]", not(hasKey("d")));
    }

    @Test
    void checkpointsAreListedForAPrivacyOfficerOnlyAndVerifyNamesTheOneItCheckedAgainst() {
        given().auth().oauth2(officerToken).when().get("/v1/decisions/checkpoints")
                .then().statusCode(200).body("checkpoints[0].jws", notNullValue()).body("checkpoints[0].anchor_seq", notNullValue());
        given().auth().oauth2(samToken).when().get("/v1/decisions/checkpoints").then().statusCode(403);
        given().auth().oauth2(officerToken).when().get("/v1/decisions/verify")
                .then().statusCode(200).body("valid", equalTo(true)).body("set_aside", equalTo(0))
                .body("checkpoint.id", notNullValue());
    }
}
