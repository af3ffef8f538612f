package io.purposegate.democrm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Only what the decision allows leaves demo-crm: the SDK's response filter on demo-crm's real entities. */
@QuarkusTest
@QuarkusTestResource(FakePdpResource.class)
class ResponseMinimisationTest {

    @BeforeEach
    void allowEverything() {
        FakePdpResource.reset();
    }

    @Test
    void supportSeesTheAddressRedactedTheBirthYearOnlyAndNoSegment() {
        // what the policies decide for support (catalog: address redact, date of birth year_only)
        FakePdpResource.ANSWER.set("""
                {"decision_id":"d-s","allow":true,"fields":{"allowed":["name","email","phone","orders"],
                 "masked":{"address":"redact","birth_date":"year_only"},"denied":["segment"]},"reasons":[]}""");

        given().auth().oauth2("tok").header("Data-Purpose", "support")
                .when().get("/customers/c-1")
                .then().statusCode(200)
                .body("id", equalTo("c-1"))
                .body("name", equalTo("Alice Martin"))
                .body("phone", equalTo("+33 6 12 34 56 78"))
                .body("address", equalTo("[redacted]"))
                .body("birth_date", equalTo("1990"))
                .body("orders[0].id", equalTo("o-1-1"))
                .body("$", not(hasKey("segment")))
                .body("$", not(hasKey("owner")));
    }

    @Test
    void theCustomerSeesOwnRecordWithoutWhatServiceDoesNotNeed() {
        FakePdpResource.ANSWER.set("""
                {"decision_id":"d-me","allow":true,"fields":{"allowed":["name","email","phone","address","orders"],
                 "masked":{},"denied":["birth_date","segment"]},"reasons":[]}""");

        given().auth().oauth2(Tokens.of(Tokens.BOB))
                .when().get("/customers/me")
                .then().statusCode(200)
                .body("id", equalTo("c-2"))
                .body("email", equalTo("bob@example.com"))
                .body("$", not(hasKey("birth_date")))
                .body("$", not(hasKey("segment")));
    }

    @Test
    void campaignRowsAreMinimisedRowByRowAndDeniedRowsCounted() {
        FakePdpResource.ANSWER.set("""
                {"decision_id":"d-m","allow":true,"fields":{"allowed":["segment","orders"],
                 "masked":{"name":"initials"},"denied":["email"]},"reasons":[]}""");
        FakePdpResource.DENIED_OWNERS.add(Tokens.ALICE);
        FakePdpResource.DENIED_OWNERS.add("00000000-0000-4000-8000-0000000ca201"); // carol, c-3

        Response response = given().auth().oauth2("tok")
                .when().get("/campaigns/customers?segment=loyal")
                .then().statusCode(200)
                .extract().response();

        List<Map<String, Object>> rows = response.jsonPath().getList("$");
        assertThat(rows).isNotEmpty().noneMatch(row -> row.get("id").equals("c-1") || row.get("id").equals("c-3"));
        assertThat(rows).allSatisfy(row -> {
            assertThat(row).containsKeys("id", "name", "segment", "orders").doesNotContainKey("email");
            assertThat((String) row.get("name")).matches("(\\p{Lu}\\. ?)+");
        });
        assertThat(response.header("PurposeGate-Withheld")).isEqualTo("2");
    }

    @Test
    void aContactChangeAnswersOnlyWhatTheDecisionAllows() {
        FakePdpResource.ANSWER.set("""
                {"decision_id":"d-u","allow":true,"fields":{"allowed":["name","email"],"masked":{},"denied":["phone","address"]},"reasons":[]}""");

        given().auth().oauth2("tok").header("Data-Purpose", "account").contentType("application/json")
                .body("{\"name\":\"Lena M. Gruber\"}")
                .when().patch("/customers/c-12")
                .then().statusCode(200)
                .body("name", equalTo("Lena M. Gruber"))
                .body("$", not(hasKey("phone")))
                .body("$", not(hasKey("address")));
    }
}
