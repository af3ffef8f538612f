package io.purposegate.democrm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The SDK inside a Quarkus REST application: the filter sees the annotation and runs before the method. */
@QuarkusTest
@QuarkusTestResource(FakePdpResource.class)
class CustomerResourceTest {

    @Test
    void allowedReadReturnsTheRecordWithoutTheOwner() {
        FakePdpResource.ANSWER.set("""
                {"decision_id":"d-1","allow":true,"fields":{"allowed":["name"],"masked":{},"denied":[]},"reasons":[]}""");

        given().auth().oauth2("tok").header("Data-Purpose", "support")
                .when().get("/customers/c-1")
                .then().statusCode(200)
                .body("name", equalTo("Alice Martin"))
                .body("birth_date", equalTo("1990-04-12"))
                .body("$", not(org.hamcrest.Matchers.hasKey("owner")));

        assertThat(FakePdpResource.LAST_REQUEST.get())
                .contains("\"owner\":\"00000000-0000-4000-8000-0000000a11ce\"", "\"purpose\":\"support\"");
    }

    @Test
    void deniedReadIs403ProblemWithoutPersonalData() {
        FakePdpResource.ANSWER.set("""
                {"decision_id":"d-2","allow":false,"fields":{"allowed":[],"masked":{},"denied":["name"]},
                 "reasons":[{"code":"purpose.not_in_token","message":"not granted"}]}""");

        given().auth().oauth2("tok").header("Data-Purpose", "marketing")
                .when().get("/customers/c-1")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("reasons[0].code", equalTo("purpose.not_in_token"))
                .body(not(containsString("Alice")));
    }

    @Test
    void unknownCustomerIs404() {
        given().auth().oauth2("tok").header("Data-Purpose", "support")
                .when().get("/customers/c-999")
                .then().statusCode(404);
    }

    @Test
    void noTokenIs401() {
        given().header("Data-Purpose", "support")
                .when().get("/customers/c-1")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }
}
