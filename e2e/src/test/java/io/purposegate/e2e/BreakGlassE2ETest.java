package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Break-glass through every real part: an on-call engineer holding the realm role {@code break-glass}
 * (no demo user holds it; the test grants it to a throw-away user) reads a customer's record in an
 * emergency. Without a justification the policy's denial stands; with one the read goes through, the
 * answer says it is marked for review, and the decision log and the PDP's metrics record it.
 */
class BreakGlassE2ETest {

    private static final String ALICE_ID = "00000000-0000-4000-8000-0000000a11ce";

    @BeforeAll
    static void startStack() {
        Stack.get();
    }

    @Test
    void aJustifiedBreakGlassReadIsAllowedMarkedForReviewAndLogged() throws Exception {
        String oncall = KeycloakAdmin.createUser("oncall", "EU");
        String admin = KeycloakAdmin.adminToken();
        String role = KeycloakAdmin.send("GET", KeycloakAdmin.ADMIN + "/roles/break-glass", admin, null).body();
        assertThat(KeycloakAdmin.send("POST", KeycloakAdmin.ADMIN + "/users/" + oncall + "/role-mappings/realm", admin,
                "[" + role + "]").statusCode()).isEqualTo(204);
        String token = Stack.get().accessToken(KeycloakAdmin.username(oncall), "support-console", "support-console-secret");

        // the role alone does not open anything: without a justification the denial stands and says why
        HttpResponse<String> refused = read(token, null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(codes(Stack.JSON.readTree(refused.body()))).contains("breakglass.justification_missing");
        assertThat(refused.body()).doesNotContain("alice@example.org");

        HttpResponse<String> allowed = read(token, "INC-4711: order stuck at customs, customer on the phone");
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("PurposeGate-Review")).hasValue("true");
        JsonNode record = Stack.JSON.readTree(allowed.body());
        assertThat(record.path("name").asText()).isEqualTo("Alice Martin");

        // the privacy officer finds it in the decision log, marked for review, with the justification
        String olga = Stack.get().accessToken("olga", "support-console", "support-console-secret");
        HttpResponse<String> log = Stack.HTTP.send(HttpRequest.newBuilder(
                URI.create(Stack.PDP + "/v1/decisions?actor=" + oncall)).header("Authorization", "Bearer " + olga).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(log.statusCode()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        Stack.JSON.readTree(log.body()).path("decisions").forEach(entries::add);
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.path("subject").asText()).isEqualTo(ALICE_ID);
            assertThat(entry.path("allow").asBoolean()).isTrue();
            assertThat(entry.path("review").asBoolean()).isTrue();
            assertThat(entry.path("reasons").toString()).contains("breakglass.used", "INC-4711");
        });
        HttpResponse<String> metrics = Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.PDP + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("purposegate_decisions_review_total(\\{[^}]*\\})? [1-9]");
    }

    private static HttpResponse<String> read(String token, String justification) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Stack.CRM + "/customers/c-1"))
                .header("Authorization", "Bearer " + token).header("Data-Purpose", "support");
        if (justification != null) {
            request.header("Data-Justification", justification);
        }
        return Stack.HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> codes(JsonNode problem) {
        List<String> codes = new ArrayList<>();
        problem.path("reasons").forEach(reason -> codes.add(reason.path("code").asText()));
        return codes;
    }
}
