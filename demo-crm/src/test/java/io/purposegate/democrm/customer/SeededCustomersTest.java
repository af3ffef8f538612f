package io.purposegate.democrm.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.purposegate.democrm.FakePdpResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The application seeds its 100 customers on the first start, each owned by a customer of the demo realm. */
@QuarkusTest
@QuarkusTestResource(FakePdpResource.class)
class SeededCustomersTest {

    private static final Path REALM = Path.of("../docker/keycloak/demo-realm.json");

    @Inject
    CustomerStore store;

    @Test
    void everySeededOwnerIsACustomerOfTheDemoRealmWithTheSameNameAndEmail() throws IOException {
        Map<String, JsonNode> realmUsers = new HashMap<>();
        for (JsonNode user : new ObjectMapper().readTree(Files.readString(REALM)).path("users")) {
            realmUsers.put(user.path("id").asText(), user);
        }

        assertThat(CustomerSeed.records()).hasSize(100).allSatisfy(customer -> {
            JsonNode user = realmUsers.get(customer.owner());
            assertThat(user).as("realm user of %s", customer.id()).isNotNull();
            assertThat(user.path("realmRoles").toString()).contains("\"customer\"");
            assertThat(user.path("firstName").asText() + " " + user.path("lastName").asText()).isEqualTo(customer.name());
            assertThat(user.path("email").asText()).isEqualTo(customer.email());
            assertThat(user.has("credentials") == Set.of("c-1", "c-2", "c-3", "c-4", "c-5").contains(customer.id()))
                    .as("only the hand-written customers can sign in").isTrue();
            assertThat(customer.orders()).hasSizeLessThanOrEqualTo(5);
            assertThat(Segment.ALL).contains(customer.segment());
        });
        assertThat(CustomerSeed.records()).extracting(Customer::owner).doesNotHaveDuplicates();
    }

    @Test
    void theFirstFiveKeepTheirHandWrittenValues() {
        Customer alice = store.find("c-1").orElseThrow();
        assertThat(alice.owner()).isEqualTo("00000000-0000-4000-8000-0000000a11ce");
        assertThat(alice.phone()).isEqualTo("+33 6 12 34 56 78");
        assertThat(alice.address()).isEqualTo("12 rue des Lilas, 75011 Paris, FR");
        assertThat(store.find("c-4").orElseThrow().segment()).isEqualTo("at-risk");
        assertThat(store.find("c-5").orElseThrow().email()).isEqualTo("erin@example.ie");
    }

    @Test
    void theStartSeededTheDatabase() {
        // other tests of this run may have erased a customer or two
        assertThat(store.count()).isBetween(95, 100);
        assertThat(store.find("c-100")).isPresent();
    }
}
