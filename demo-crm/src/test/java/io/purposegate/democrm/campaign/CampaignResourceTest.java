package io.purposegate.democrm.campaign;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.purposegate.democrm.FakePdpResource;
import io.purposegate.democrm.Tokens;
import io.purposegate.democrm.customer.Customer;
import io.purposegate.democrm.customer.CustomerStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The campaign audience: every customer of a segment, decided row by row (batch) for marketing. */
@QuarkusTest
@QuarkusTestResource(FakePdpResource.class)
class CampaignResourceTest {

    @Inject
    CustomerStore store;

    @BeforeEach
    void allowEverything() {
        FakePdpResource.reset();
    }

    @Test
    void theAudienceIsDecidedInBatchesAsListForMarketingWithEachRowsOwner() {
        List<Customer> vip = store.list(Optional.of("vip"));

        List<String> ids = given().auth().oauth2("tok")
                .when().get("/campaigns/customers?segment=vip")
                .then().statusCode(200)
                .extract().jsonPath().getList("id", String.class);

        assertThat(ids).isEqualTo(vip.stream().map(Customer::id).toList());
        List<JsonNode> resources = new ArrayList<>();
        for (FakePdpResource.Request request : FakePdpResource.REQUESTS) {
            assertThat(request.kind()).isEqualTo("batch");
            assertThat(request.body().path("action").asText()).isEqualTo("list");
            assertThat(request.body().path("purpose").asText()).isEqualTo("marketing");
            request.body().path("resources").forEach(resources::add);
        }
        assertThat(resources).extracting(r -> r.path("id").asText()).isEqualTo(ids);
        assertThat(resources).extracting(r -> r.path("owner").asText()).isEqualTo(vip.stream().map(Customer::owner).toList());
        assertThat(resources).allSatisfy(r -> {
            assertThat(r.path("type").asText()).isEqualTo("customer");
            assertThat(r.path("fields").toString()).isEqualTo("[\"name\",\"email\",\"segment\",\"orders\"]");
            // every row carries the customer's last activity, which marketing's retention runs from
            assertThat(r.path("retention_from").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        });
    }

    @Test
    void rowsThePdpDeniesAreNotInTheAudience() {
        FakePdpResource.DENIED_OWNERS.add(Tokens.ALICE); // c-1, segment loyal

        List<String> ids = given().auth().oauth2("tok")
                .when().get("/campaigns/customers?segment=loyal")
                .then().statusCode(200)
                .extract().jsonPath().getList("id", String.class);

        assertThat(ids).doesNotContain("c-1").contains("c-3");
    }

    @Test
    void withoutASegmentTheAudienceIsEveryCustomerAndCarriesOnlyWhatMarketingUses() {
        given().auth().oauth2("tok")
                .when().get("/campaigns/customers")
                .then().statusCode(200)
                .body("size()", equalTo(store.count()))
                .body("[0].name", equalTo("Alice Martin"))
                .body("[0].phone", equalTo(null))
                .body("[0].address", equalTo(null))
                .body("[0].birth_date", equalTo(null));
    }

    @Test
    void anUnknownSegmentIs400Problem() {
        given().auth().oauth2("tok")
                .when().get("/campaigns/customers?segment=whales")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:purposegate:problem:invalid-input"));
    }

    @Test
    void noTokenIs401AndNoRowLeaves() {
        given().when().get("/campaigns/customers?segment=vip")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }
}
