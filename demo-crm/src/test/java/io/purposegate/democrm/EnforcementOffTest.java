package io.purposegate.democrm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** purposegate.enforcement.enabled=false, the benchmark baseline: nothing asked, nothing filtered. */
@QuarkusTest
@TestProfile(EnforcementOffTest.Off.class)
@QuarkusTestResource(FakePdpResource.class)
class EnforcementOffTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("purposegate.enforcement.enabled", "false",
                    "crm.store.jdbc-url", "jdbc:h2:mem:crm-off;DB_CLOSE_DELAY=-1");
        }
    }

    @Test
    void everyRecordLeavesWholeWithoutTokenAndThePdpIsNeverAsked() {
        FakePdpResource.reset();

        given().when().get("/customers/c-1")
                .then().statusCode(200)
                .body("segment", equalTo("loyal"))
                .body("birth_date", equalTo("1990-04-12"));
        given().when().get("/campaigns/customers?segment=vip").then().statusCode(200);

        assertThat(FakePdpResource.REQUESTS).isEmpty();
    }
}
