package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole consent path, real parts only: a customer's choice in Keycloak reaches the PDP through
 * the signed outbox, and the PDP's next decision follows it — also for a token issued before the
 * change, whose claims say nothing about this customer.
 */
class ConsentWithdrawalE2ETest {

    @BeforeAll
    static void startStack() {
        Stack.get();
    }

    @Test
    void aWithdrawalDeniesTheNextAccessEvenWithAnOlderToken() throws Exception {
        String customer = KeycloakAdmin.createUser("withdraws", "EU");
        String customerToken = KeycloakAdmin.selfServiceToken(KeycloakAdmin.username(customer));
        // mia (marketing staff, trained) through the vendor's marketing-app, token issued now
        String mia = Stack.get().accessToken("mia", "marketing-app", "marketing-app-secret");

        // no consent yet: an EU customer is opt-in, analytics is denied
        assertThat(codes(decide(mia, customer))).contains("consent.missing");

        setConsent(customerToken, "{\"granted\":[\"analytics\"]}");
        JsonNode allowed = awaitDecision(mia, customer, true);
        assertThat(allowed.path("fields").path("allowed").toString()).contains("orders");

        long withdrawn = System.nanoTime();
        setConsent(customerToken, "{\"refused\":[\"analytics\"]}");
        JsonNode denied = awaitDecision(mia, customer, false);
        long millis = (System.nanoTime() - withdrawn) / 1_000_000;
        System.out.println("[withdrawal] first denied decision " + millis + " ms after the withdrawal was stored");
        assertThat(codes(denied)).contains("consent.withdrawn");
        assertThat(denied.path("fields").path("allowed")).isEmpty();
        // the PDP's log has both, for the customer to see with their own token
        HttpResponse<String> log = Stack.HTTP.send(HttpRequest.newBuilder(
                URI.create(Stack.PDP + "/v1/decisions?subject=" + customer))
                .header("Authorization", "Bearer " + Stack.get().accessToken(KeycloakAdmin.username(customer),
                        "support-console", "support-console-secret")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(log.statusCode()).isEqualTo(200);
        List<Boolean> outcomes = new ArrayList<>();
        Stack.JSON.readTree(log.body()).path("decisions").forEach(d -> outcomes.add(d.path("allow").asBoolean()));
        assertThat(outcomes).contains(true, false);
    }

    private static void setConsent(String token, String body) throws Exception {
        assertThat(KeycloakAdmin.send("PUT", Stack.REALM + "/privacy/me/consents", token, body).statusCode()).isEqualTo(200);
    }

    /** Asks until the decision is the expected one (the event travels asynchronously); fails after 15 s. */
    private static JsonNode awaitDecision(String token, String subject, boolean allow) throws Exception {
        JsonNode decision = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            decision = decide(token, subject);
            if (decision.path("allow").asBoolean() == allow) {
                return decision;
            }
            Thread.sleep(50);
        }
        assertThat(decision.path("allow").asBoolean()).as(decision.toString()).isEqualTo(allow);
        return decision;
    }

    static JsonNode decide(String token, String subject) throws Exception {
        String body = Stack.JSON.writeValueAsString(Map.of(
                "action", "read", "purpose", "analytics",
                "resource", Map.of("type", "customer", "id", "c-" + subject.substring(0, 8), "owner", subject,
                        "fields", List.of("orders", "segment")),
                "context", Map.of("gpc", false)));
        HttpResponse<String> response = Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.PDP + "/v1/decisions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Stack.JSON.readTree(response.body());
    }

    static List<String> codes(JsonNode decision) {
        List<String> codes = new ArrayList<>();
        decision.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
        return codes;
    }
}
