package io.purposegate.democrm.customer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.purposegate.democrm.FakePdpResource;
import io.purposegate.democrm.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The customer endpoints behind the SDK in the running application: what the PDP is asked (action,
 * purpose, owner, fields), and the answers when it allows, denies or is not even asked.
 */
@QuarkusTest
@QuarkusTestResource(FakePdpResource.class)
class CustomerResourceTest {

    static final List<String> ALL_FIELDS = List.of("name", "email", "phone", "address", "birth_date", "orders", "segment");
    static final List<String> CONTACT_FIELDS = List.of("name", "email", "phone", "address");

    @Inject
    CustomerStore store;

    @BeforeEach
    void allowEverything() {
        FakePdpResource.reset();
    }

    private static JsonNode pdpRequest() {
        return FakePdpResource.last().body();
    }

    private static List<String> fieldsOf(JsonNode resource) {
        List<String> fields = new java.util.ArrayList<>();
        resource.path("fields").forEach(f -> fields.add(f.asText()));
        return fields;
    }

    // ---------------------------------------------------------------- GET /customers/{id}

    @Test
    void allowedReadReturnsTheRecordWithItsOrdersButNotTheOwner() {
        given().auth().oauth2("tok").header("Data-Purpose", "support")
                .when().get("/customers/c-1")
                .then().statusCode(200)
                .body("id", equalTo("c-1"))
                .body("name", equalTo("Alice Martin"))
                .body("birth_date", equalTo("1990-04-12"))
                .body("orders[0].id", equalTo("o-1-1"))
                .body("orders[0].items[0].sku", not(equalTo(null)))
                .body("$", not(hasKey("owner")));
    }

    @Test
    void readAsksThePdpForTheRecordsOwnerTheHeadersPurposeAndEveryField() {
        given().auth().oauth2("tok").header("Data-Purpose", "support").when().get("/customers/c-42").then().statusCode(200);

        JsonNode request = pdpRequest();
        assertThat(FakePdpResource.last().kind()).isEqualTo("single");
        assertThat(request.path("action").asText()).isEqualTo("read");
        assertThat(request.path("purpose").asText()).isEqualTo("support");
        assertThat(request.path("resource").path("type").asText()).isEqualTo("customer");
        assertThat(request.path("resource").path("id").asText()).isEqualTo("c-42");
        assertThat(request.path("resource").path("owner").asText()).isEqualTo("00000000-0000-4000-8000-0000c0000042");
        assertThat(fieldsOf(request.path("resource"))).isEqualTo(ALL_FIELDS);
    }

    @Test
    void readSendsTheRecordsLastActivityAsTheTimeItsRetentionRunsFrom() {
        given().auth().oauth2("tok").header("Data-Purpose", "support").when().get("/customers/c-43").then().statusCode(200);
        Instant recent = Instant.parse(pdpRequest().path("resource").path("retention_from").asText());
        assertThat(recent).isBetween(Instant.now().minus(Duration.ofDays(31)), Instant.now());

        // the lapsed record: its relationship ended seven years before the seeding
        given().auth().oauth2("tok").header("Data-Purpose", "support").when().get("/customers/" + CustomerSeed.LAPSED_RECORD)
                .then().statusCode(200);
        Instant lapsed = Instant.parse(pdpRequest().path("resource").path("retention_from").asText());
        assertThat(lapsed).isBefore(Instant.now().minus(Duration.ofDays(7 * 365)));
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
    void unknownCustomerIs404ProblemAndThePdpIsNotAsked() {
        given().auth().oauth2("tok").header("Data-Purpose", "support")
                .when().get("/customers/c-999")
                .then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(FakePdpResource.REQUESTS).isEmpty();
    }

    @Test
    void noTokenIs401() {
        given().header("Data-Purpose", "support")
                .when().get("/customers/c-1")
                .then().statusCode(401)
                .contentType("application/problem+json");
        assertThat(FakePdpResource.REQUESTS).isEmpty();
    }

    @Test
    void noPurposeIs400() {
        given().auth().oauth2("tok")
                .when().get("/customers/c-1")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:purposegate:problem:purpose-missing"));
    }

    @Test
    void aStaffReadNamingServiceIs400PurposeNotServedAndThePdpIsNotAsked() {
        // service, the least minimised purpose, is the customer's own (/customers/me): a support agent
        // naming it on the staff endpoint would otherwise get alice's full address
        given().auth().oauth2("tok").header("Data-Purpose", "service")
                .when().get("/customers/c-1")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:purposegate:problem:purpose-not-served"))
                .body("reasons[0].code", equalTo("purpose.not_served"))
                .body(not(containsString("Alice")))
                .body(not(containsString("rue des Lilas")));
        assertThat(FakePdpResource.REQUESTS).isEmpty();
    }

    @Test
    void everyEndpointRefusesAPurposeItDoesNotServeBeforeThePdpIsAsked() {
        given().auth().oauth2("tok").header("Data-Purpose", "support").contentType("application/json")
                .body("{\"name\":\"Someone Else\"}")
                .when().patch("/customers/c-10")
                .then().statusCode(400).body("reasons[0].code", equalTo("purpose.not_served"));
        given().auth().oauth2("tok").header("Data-Purpose", "support")
                .when().delete("/customers/c-10")
                .then().statusCode(400).body("reasons[0].code", equalTo("purpose.not_served"));
        given().auth().oauth2(Tokens.of(Tokens.ALICE)).header("Data-Purpose", "support")
                .when().get("/customers/me")
                .then().statusCode(400).body("reasons[0].code", equalTo("purpose.not_served"));
        given().auth().oauth2("tok").header("Data-Purpose", "analytics")
                .when().get("/campaigns/customers")
                .then().statusCode(400).body("reasons[0].code", equalTo("purpose.not_served"));

        assertThat(FakePdpResource.REQUESTS).isEmpty();
        assertThat(store.find("c-10").orElseThrow().name()).isNotEqualTo("Someone Else");
    }

    // ---------------------------------------------------------------- GET /customers/me

    @Test
    void meIsTheCallersOwnRecordReadForService() {
        given().auth().oauth2(Tokens.of(Tokens.ALICE))
                .when().get("/customers/me")
                .then().statusCode(200)
                .body("id", equalTo("c-1"))
                .body("name", equalTo("Alice Martin"));

        JsonNode request = pdpRequest();
        assertThat(request.path("action").asText()).isEqualTo("read");
        assertThat(request.path("purpose").asText()).isEqualTo("service");
        assertThat(request.path("resource").path("id").asText()).isEqualTo("c-1");
        assertThat(request.path("resource").path("owner").asText()).isEqualTo(Tokens.ALICE);
        assertThat(fieldsOf(request.path("resource"))).isEqualTo(ALL_FIELDS);
    }

    @Test
    void meOfSomeoneWithoutARecordIs404() {
        given().auth().oauth2(Tokens.of("00000000-0000-4000-8000-0000000005a3"))
                .when().get("/customers/me")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    // ---------------------------------------------------------------- PATCH /customers/{id}

    @Test
    void contactChangeIsAskedAsUpdateOfTheContactFieldsAndIsDurable() {
        given().auth().oauth2("tok").header("Data-Purpose", "service").contentType("application/json")
                .body("{\"email\":\"maya.n@example.net\",\"phone\":\"+1 619 555 0111\"}")
                .when().patch("/customers/c-7")
                .then().statusCode(200)
                .body("id", equalTo("c-7"))
                .body("email", equalTo("maya.n@example.net"))
                .body("$", not(hasKey("birth_date")))
                .body("$", not(hasKey("orders")));

        JsonNode request = pdpRequest();
        assertThat(request.path("action").asText()).isEqualTo("update");
        assertThat(request.path("purpose").asText()).isEqualTo("service");
        assertThat(request.path("resource").path("owner").asText()).isEqualTo("00000000-0000-4000-8000-0000c0000007");
        assertThat(fieldsOf(request.path("resource"))).isEqualTo(CONTACT_FIELDS);
        Customer stored = store.find("c-7").orElseThrow();
        assertThat(stored.email()).isEqualTo("maya.n@example.net");
        assertThat(stored.phone()).isEqualTo("+1 619 555 0111");
    }

    @Test
    void aFieldTheDecisionDoesNotAllowIsNotChangedAnd403() {
        // purpose account: name and email only (the policies' minimisation)
        FakePdpResource.ANSWER.set("""
                {"decision_id":"d-3","allow":true,"fields":{"allowed":["name","email"],"masked":{},"denied":["phone","address"]},"reasons":[]}""");
        String phoneBefore = store.find("c-8").orElseThrow().phone();

        given().auth().oauth2("tok").header("Data-Purpose", "account").contentType("application/json")
                .body("{\"phone\":\"+39 333 000 0000\"}")
                .when().patch("/customers/c-8")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:purposegate:problem:field-not-allowed"))
                .body("detail", containsString("phone"));

        assertThat(store.find("c-8").orElseThrow().phone()).isEqualTo(phoneBefore);
    }

    @Test
    void malformedContactChangesAre400ProblemsNever500() {
        for (String body : List.of("{not json", "[]", "\"text\"", "{}", "{\"email\":42}", "{\"email\":\"no-at-sign\"}",
                "{\"phone\":\"call me\"}", "{\"name\":\"\"}", "{\"segment\":\"vip\"}", "{\"owner\":\"someone\"}",
                "{\"name\":\"" + "x".repeat(201) + "\"}")) {
            given().auth().oauth2("tok").header("Data-Purpose", "service").contentType("application/json")
                    .body(body)
                    .when().patch("/customers/c-9")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:purposegate:problem:invalid-input"));
        }
        given().auth().oauth2("tok").header("Data-Purpose", "service").contentType("application/json")
                .when().patch("/customers/c-9")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void contactChangeOfAnUnknownCustomerIs404() {
        given().auth().oauth2("tok").header("Data-Purpose", "service").contentType("application/json")
                .body("{\"name\":\"Nobody\"}")
                .when().patch("/customers/c-1000")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    // ---------------------------------------------------------------- DELETE /customers/{id}

    @Test
    void erasureIsAskedAsEraseAndRemovesTheRecordForGood() {
        given().auth().oauth2("tok").header("Data-Purpose", "account")
                .when().delete("/customers/c-99")
                .then().statusCode(204);

        JsonNode request = pdpRequest();
        assertThat(request.path("action").asText()).isEqualTo("erase");
        assertThat(request.path("purpose").asText()).isEqualTo("account");
        assertThat(request.path("resource").path("owner").asText()).isEqualTo("00000000-0000-4000-8000-0000c0000099");
        assertThat(fieldsOf(request.path("resource"))).isEqualTo(ALL_FIELDS);
        assertThat(store.find("c-99")).isEmpty();

        given().auth().oauth2("tok").header("Data-Purpose", "account")
                .when().delete("/customers/c-99")
                .then().statusCode(404);
    }

    @Test
    void deniedErasureKeepsTheRecord() {
        FakePdpResource.ANSWER.set("""
                {"decision_id":"d-4","allow":false,"fields":{"allowed":[],"masked":{},"denied":[]},
                 "reasons":[{"code":"access.not_permitted","message":"may not access"}]}""");

        given().auth().oauth2("tok").header("Data-Purpose", "account")
                .when().delete("/customers/c-98")
                .then().statusCode(403)
                .contentType("application/problem+json");

        assertThat(store.find("c-98")).isPresent();
    }
}
