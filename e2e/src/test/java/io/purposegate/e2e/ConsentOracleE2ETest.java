package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * No consent oracle, through every real part: a customer signed in to crm-web who asks the PDP about another
 * customer's record learns nothing of that customer's consent, jurisdiction or rights, not even whether the
 * customer exists. (A customer of its own, not the demo user alice: alice's first login belongs to the privacy
 * story, and every demo user belongs to one test.)
 */
class ConsentOracleE2ETest {

    private static final String BOB_ID = "00000000-0000-4000-8000-000000000b0b";
    private static final String ALICE_ID = "00000000-0000-4000-8000-0000000a11ce";

    @BeforeAll
    static void startStack() {
        Stack.get();
    }

    @Test
    void aCustomerAskingAboutAnotherCustomersRecordLearnsNothingOfTheirConsent() throws Exception {
        String customer = KeycloakAdmin.createUser("curious", "EU");
        grantRealmRole(customer, "customer");
        String token;
        try (Browser browser = new Browser(false, "en")) {
            browser.authorize(null);
            browser.login(KeycloakAdmin.username(customer));
            browser.waitFor("purposegate-consent");
            browser.driver.findElement(org.openqa.selenium.By.id("purposegate-reject-all")).click();
            token = browser.tokens().path("access_token").asText();
        }
        assertThat(Stack.claims(token).path("azp").asText()).isEqualTo("crm-web");

        // the customer's own record: the full answer, with the consent version
        JsonNode own = decide(token, customer);
        assertThat(own.path("reasons").toString()).doesNotContain("access.not_permitted");

        JsonNode aboutBob = decide(token, BOB_ID);
        JsonNode aboutAlice = decide(token, ALICE_ID);
        JsonNode aboutNobody = decide(token, "no-such-customer-" + UUID.randomUUID());
        for (JsonNode answer : new JsonNode[] {aboutBob, aboutAlice, aboutNobody}) {
            assertThat(answer.path("allow").asBoolean()).isFalse();
            assertThat(answer.has("consent_v")).as(answer.toString()).isFalse();
            assertThat(answer.path("reasons")).hasSize(1);
            assertThat(answer.path("reasons").get(0).path("code").asText()).isEqualTo("access.not_permitted");
            assertThat(answer.path("fields").path("allowed")).isEmpty();
            assertThat(answer.path("fields").path("masked")).isEmpty();
            assertThat(answer.path("fields").path("denied").toString()).isEqualTo("[\"name\",\"email\",\"phone\",\"address\"]");
            assertThat(answer.toString()).doesNotContain(BOB_ID, ALICE_ID, "US-CA", "consent.", "rights.", "jurisdiction.");
        }
        // a known customer and one that does not exist: the same answer apart from decision_id
        assertThat(withoutId(aboutBob)).isEqualTo(withoutId(aboutNobody));
        assertThat(withoutId(aboutAlice)).isEqualTo(withoutId(aboutNobody));
    }

    private static JsonNode decide(String token, String owner) throws Exception {
        String body = """
                {"action":"read","purpose":"service",
                 "resource":{"type":"customer","id":"c-x","owner":"%s","fields":["name","email","phone","address"]}}"""
                .formatted(owner);
        HttpResponse<String> response = Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.PDP + "/v1/decisions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Stack.JSON.readTree(response.body());
    }

    private static JsonNode withoutId(JsonNode answer) {
        ObjectNode copy = answer.deepCopy();
        copy.remove("decision_id");
        return copy;
    }

    private static void grantRealmRole(String userId, String role) throws Exception {
        String admin = KeycloakAdmin.adminToken();
        String representation = KeycloakAdmin.send("GET", KeycloakAdmin.ADMIN + "/roles/" + role, admin, null).body();
        HttpResponse<String> granted = KeycloakAdmin.send("POST", KeycloakAdmin.ADMIN + "/users/" + userId + "/role-mappings/realm",
                admin, "[" + representation + "]");
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(204);
    }
}
