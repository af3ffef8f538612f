package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The providers' purposes mapper inside the real Keycloak, configured as in the demo realm. */
class PurposeClaimE2ETest {

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
    }

    @Test
    void purposesOnAContractBasisNeedNoConsent() throws Exception {
        // support-console registered service and support, both on the contract basis
        String sam = stack.accessToken("sam", "support-console", "support-console-secret");
        assertThat(Stack.claims(sam).path("purposes").toString()).isEqualTo("[\"service\",\"support\"]");
    }

    @Test
    void demoStaffCarryTheirPrivacyTrainingAndCustomersDoNot() throws Exception {
        // the launcher records the demo staff's training when the stack comes up
        long now = System.currentTimeMillis() / 1000;
        JsonNode sam = Stack.claims(stack.accessToken("sam", "support-console", "support-console-secret"));
        assertThat(sam.path("privacy_training").asLong()).isBetween(now - 3600, now + 5);
        JsonNode alice = Stack.claims(stack.accessToken("alice", "support-console", "support-console-secret"));
        assertThat(alice.has("privacy_training")).isFalse();
    }

    @Test
    void californiansAreOptedInToOptOutPurposesUntilTheyOptOut() throws Exception {
        // dave (US-CA) never decided: analytics and marketing are lawful by the opt-out default
        // (bob is PrivacyStoryE2ETest's Californian, who opts out with GPC)
        JsonNode dave = Stack.claims(stack.accessToken("dave", "marketing-app", "marketing-app-secret"));
        assertThat(dave.path("purposes").toString()).isEqualTo("[\"analytics\",\"marketing\"]");
        assertThat(dave.path("consent").path("jurisdiction").asText()).isEqualTo("US-CA");
        assertThat(dave.path("consent").path("granted").toString()).isEqualTo("[]");
    }

    @Test
    void staffCarryTheClientsPurposesWhateverTheirOwnConsent() throws Exception {
        // mia (EU, staff) never consented to anything herself; her work is on customers' data,
        // whose lawful basis the PDP checks per data subject at every access
        JsonNode mia = Stack.claims(stack.accessToken("mia", "marketing-app", "marketing-app-secret"));
        assertThat(mia.path("purposes").toString()).isEqualTo("[\"analytics\",\"marketing\"]");
        assertThat(mia.path("consent").path("granted").toString()).isEqualTo("[]");
    }

    @Test
    void europeanWithoutConsentGetsAnEmptyListNotAMissingClaim() throws Exception {
        // carol (EU) never consented; marketing-app registered only consent-based purposes
        JsonNode claims = Stack.claims(stack.accessToken("carol", "marketing-app", "marketing-app-secret"));

        assertThat(claims.has("purposes")).isTrue();
        assertThat(claims.path("purposes").toString()).isEqualTo("[]");
        assertThat(claims.path("consent").path("v").asLong()).isZero();
        assertThat(claims.has("privacy_training")).isFalse();
    }

    @Test
    void claimFollowsThePerTokenSwitchesOfTheMapper() throws Exception {
        // demo realm: access token, userinfo and introspection on; ID token off
        JsonNode tokens = stack.tokens("sam", "support-console", "support-console-secret");
        String access = tokens.path("access_token").asText();

        assertThat(Stack.claims(tokens.path("id_token").asText()).has("purposes")).isFalse();

        HttpResponse<String> userinfo = Stack.HTTP.send(HttpRequest.newBuilder(
                URI.create(Stack.REALM + "/protocol/openid-connect/userinfo"))
                .header("Authorization", "Bearer " + access).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(userinfo.statusCode()).isEqualTo(200);
        assertThat(Stack.JSON.readTree(userinfo.body()).path("purposes").toString()).isEqualTo("[\"service\",\"support\"]");

        // the PDP is the resource server of these tokens: they name it as audience, so it may introspect them
        assertThat(Stack.claims(access).path("aud").toString()).contains("\"pdp\"");
        HttpResponse<String> introspection = Stack.postForm(Stack.REALM + "/protocol/openid-connect/token/introspect",
                Map.of("client_id", "pdp", "client_secret", "pdp-secret", "token", access));
        JsonNode introspected = Stack.JSON.readTree(introspection.body());
        assertThat(introspected.path("active").asBoolean()).isTrue();
        assertThat(introspected.path("purposes").toString()).isEqualTo("[\"service\",\"support\"]");
    }
}
