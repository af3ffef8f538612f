package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One real request through every part: a token from Keycloak (with the providers' purposes claim),
 * demo-crm's SDK filter, the PDP's token check, OPA's Rego decision.
 */
class PurposeEnforcementE2ETest {

    private static final String ALICE_RECORD = Stack.CRM + "/customers/c-1";
    private static final String ALICE_ID = "00000000-0000-4000-8000-0000000a11ce";

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
    }

    private static String samToken() throws IOException, InterruptedException {
        return stack.accessToken("sam", "support-console", "support-console-secret");
    }

    private static HttpResponse<String> readAlice(String token, String purpose) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ALICE_RECORD)).header("Data-Purpose", purpose);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Stack.HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void supportAgentReadsCustomerForSupport() throws Exception {
        HttpResponse<String> response = readAlice(samToken(), "support");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode customer = Stack.JSON.readTree(response.body());
        assertThat(customer.path("name").asText()).isEqualTo("Alice Martin");
        assertThat(customer.has("owner")).isFalse();
    }

    @Test
    void supportAgentIsDeniedForMarketingWithAReason() throws Exception {
        HttpResponse<String> response = readAlice(samToken(), "marketing");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Stack.JSON.readTree(response.body());
        java.util.List<String> codes = new java.util.ArrayList<>();
        problem.path("reasons").forEach(reason -> codes.add(reason.path("code").asText()));
        // the support console is not registered for marketing: sam may not access alice's data for it at all,
        // so the answer says only that and nothing about her consent (no consent oracle)
        assertThat(codes).containsExactly("access.not_permitted");
        assertThat(problem.path("decision_id").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Alice", "alice@example.org");
    }

    @Test
    void supportAgentNamingServiceDoesNotGetAlicesFullAddress() throws Exception {
        // the staff endpoint does not serve service (the least minimised purpose): refused before any decision
        HttpResponse<String> response = readAlice(samToken(), "service");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Stack.JSON.readTree(response.body());
        assertThat(problem.path("reasons").path(0).path("code").asText()).isEqualTo("purpose.not_served");
        assertThat(response.body()).doesNotContain("12 rue des Lilas", "Alice");

        // and where an endpoint did serve it, the policy's grants deny it: support staff are granted support only
        String body = """
                {"action":"read","purpose":"service",
                 "resource":{"type":"customer","id":"c-1","owner":"%s","fields":["name","address"]}}""".formatted(ALICE_ID);
        HttpResponse<String> decision = Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.PDP + "/v1/decisions"))
                .header("Authorization", "Bearer " + samToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(decision.statusCode()).isEqualTo(200);
        assertThat(Stack.JSON.readTree(decision.body()).path("allow").asBoolean()).isFalse();

        // support itself still reads alice, with the address masked as support's minimisation says
        HttpResponse<String> support = readAlice(samToken(), "support");
        assertThat(support.statusCode()).isEqualTo(200);
        assertThat(support.body()).doesNotContain("12 rue des Lilas");
    }

    @Test
    void readWithoutTokenIs401() throws Exception {
        HttpResponse<String> response = readAlice(null, "support");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("Alice");
    }

    @Test
    void pdpAnswersTheContractShapeForARealToken() throws Exception {
        String body = """
                {"action":"read","purpose":"support",
                 "resource":{"type":"customer","id":"c-1","owner":"%s","fields":["name","email"]}}""".formatted(ALICE_ID);
        HttpResponse<String> response = Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.PDP + "/v1/decisions"))
                .header("Authorization", "Bearer " + samToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode decision = Stack.JSON.readTree(response.body());
        assertThat(decision.path("allow").asBoolean()).isTrue();
        assertThat(decision.path("decision_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(decision.path("fields").path("allowed").toString()).isEqualTo("[\"name\",\"email\"]");
        assertThat(decision.path("reasons").isArray()).isTrue();
    }

    @Test
    void tokenAlteredAfterIssuanceIsRejectedByThePdp() throws Exception {
        String[] parts = samToken().split("\\.");
        String widened = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"support\"]", "\"support\",\"marketing\"]")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        HttpResponse<String> response = readAlice(parts[0] + "." + widened + "." + parts[2], "marketing");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void anUnknownPurposeIsRefusedBeforeThePdpIsAsked() throws Exception {
        // demo-crm's SDK checks the purpose against Keycloak's catalog (GET /realms/demo/privacy/purposes)
        HttpResponse<String> response = readAlice(samToken(), "astrology");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:purposegate:problem:purpose-unknown").doesNotContain("Alice");
    }

    // The PDP and OPA stopped (fail closed): PrivacyStoryE2ETest, step 6, for a record and for a list.
}
