package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only first-party clients change a customer's consent (client attribute
 * {@code purposegate.consent.first-party}); any of the customer's tokens reads it. Against the real
 * Keycloak: a vendor's token, crm-web's token from a real browser login, and the attribute flipped
 * through Keycloak's admin API.
 */
class FirstPartyConsentE2ETest {

    static final String ME = Stack.REALM + "/privacy/me/consents";
    static final String ATTRIBUTE = "purposegate.consent.first-party";

    @BeforeAll
    static void startStack() {
        Stack.get();
    }

    @Test
    void aVendorsTokenReadsTheCustomersConsentButCannotGrantIt() throws Exception {
        String userId = KeycloakAdmin.createUser("vendor-target", "EU");
        String username = KeycloakAdmin.username(userId);
        String vendor = Stack.get().accessToken(username, "marketing-app", "marketing-app-secret");

        HttpResponse<String> grant = KeycloakAdmin.send("PUT", ME, vendor, "{\"granted\":[\"marketing\",\"sharing\"]}");
        assertThat(grant.statusCode()).isEqualTo(403);
        assertThat(grant.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(KeycloakAdmin.json(grant).path("type").asText()).isEqualTo("urn:purposegate:problem:forbidden");
        // authorisation comes before the body: a vendor learns nothing from a 400
        assertThat(KeycloakAdmin.send("PUT", ME, vendor, "{\"granted\":[\"no-such-purpose\"]}").statusCode()).isEqualTo(403);
        assertThat(KeycloakAdmin.send("PUT", ME, vendor, "{").statusCode()).isEqualTo(403);
        // support-console is not first-party either
        String support = Stack.get().accessToken(username, "support-console", "support-console-secret");
        assertThat(KeycloakAdmin.send("PUT", ME, support, "{\"granted\":[\"analytics\"]}").statusCode()).isEqualTo(403);

        // reading stays open to any of the customer's tokens, and shows that nothing was recorded
        HttpResponse<String> mine = KeycloakAdmin.send("GET", ME, vendor, null);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(KeycloakAdmin.json(mine).path("v").asLong()).isZero();
        assertThat(KeycloakAdmin.json(mine).path("granted")).isEmpty();
        HttpResponse<String> history = KeycloakAdmin.send("GET", ME + "/history", vendor, null);
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(KeycloakAdmin.json(history).path("records")).isEmpty();
    }

    @Test
    void crmWebChangesConsentWithTheTokenOfARealBrowserLogin() throws Exception {
        String userId = KeycloakAdmin.createUser("first-party", "EU");
        String token;
        try (Browser browser = new Browser(false, "en")) {
            browser.authorize(null);
            browser.login(KeycloakAdmin.username(userId));
            browser.waitFor("purposegate-consent");
            browser.driver.findElement(org.openqa.selenium.By.id("purposegate-reject-all")).click();
            token = browser.tokens().path("access_token").asText();
        }
        assertThat(Stack.claims(token).path("azp").asText()).isEqualTo("crm-web");

        HttpResponse<String> changed = KeycloakAdmin.send("PUT", ME, token, "{\"granted\":[\"analytics\"]}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(KeycloakAdmin.json(changed).path("granted").toString()).isEqualTo("[\"analytics\"]");
        JsonNode records = KeycloakAdmin.json(KeycloakAdmin.send("GET", ME + "/history", token, null)).path("records");
        JsonNode last = records.get(records.size() - 1);
        assertThat(last.path("method").asText()).isEqualTo("self_service");
        assertThat(last.path("client_id").asText()).isEqualTo("crm-web");
    }

    @Test
    void theRealmDecidesWhichClientsAreFirstPartyThroughTheAdminApi() throws Exception {
        String userId = KeycloakAdmin.createUser("flip", "EU");
        String vendor = Stack.get().accessToken(KeycloakAdmin.username(userId), "marketing-app", "marketing-app-secret");
        String body = "{\"refused\":[\"marketing\"]}";
        assertThat(KeycloakAdmin.send("PUT", ME, vendor, body).statusCode()).isEqualTo(403);
        try {
            KeycloakAdmin.setClientAttribute("marketing-app", ATTRIBUTE, "true");
            // the same token: the client's standing is read from the realm at each request
            HttpResponse<String> allowed = KeycloakAdmin.send("PUT", ME, vendor, body);
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
            assertThat(KeycloakAdmin.json(allowed).path("v").asLong()).isEqualTo(1);
        } finally {
            KeycloakAdmin.setClientAttribute("marketing-app", ATTRIBUTE, "false");
        }
        assertThat(KeycloakAdmin.send("PUT", ME, vendor, "{\"granted\":[\"marketing\"]}").statusCode()).isEqualTo(403);
    }
}
