package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege for the demo realm's service accounts, against the real stack: the PDP's
 * credentials read the consent state its registry keeps and nothing else (no user list, no names, no
 * e-mail addresses), and that is enough for the PDP to resync and get ready; demo-crm's reach only
 * the PDP's change feed.
 */
class ServiceAccountsE2ETest {

    static final String SYNC = KeycloakAdmin.ADMIN + "/privacy/sync/subjects";
    static final String ALICE = "00000000-0000-4000-8000-0000000a11ce";

    static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
    }

    static String clientCredentials(String clientId, String secret) throws Exception {
        HttpResponse<String> response = Stack.postForm(Stack.REALM + "/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Stack.JSON.readTree(response.body()).path("access_token").asText();
    }

    @Test
    void thePdpsCredentialsCannotListUsers() throws Exception {
        String pdp = clientCredentials("pdp", "pdp-secret");
        assertThat(Stack.claims(pdp).path("resource_access").has("realm-management")).isFalse();
        assertThat(KeycloakAdmin.send("GET", KeycloakAdmin.ADMIN + "/users", pdp, null).statusCode()).isEqualTo(403);
        assertThat(KeycloakAdmin.send("GET", KeycloakAdmin.ADMIN + "/users/" + ALICE, pdp, null).statusCode()).isEqualTo(403);
        assertThat(KeycloakAdmin.send("GET", KeycloakAdmin.ADMIN + "/users?search=alice", pdp, null).statusCode()).isEqualTo(403);
        // the old view-users resync and the admin's per-user view are closed to it too
        assertThat(KeycloakAdmin.send("GET", KeycloakAdmin.ADMIN + "/privacy/consents", pdp, null).statusCode()).isEqualTo(403);
        assertThat(KeycloakAdmin.send("GET", KeycloakAdmin.ADMIN + "/privacy/users/" + ALICE + "/consents/history", pdp, null)
                .statusCode()).isEqualTo(403);
    }

    @Test
    void theResyncEndpointReturnsExactlyTheRegistrysStatePagedByCursor() throws Exception {
        String userId = KeycloakAdmin.createUser("sync", "US-CA");
        assertThat(KeycloakAdmin.send("PUT", Stack.REALM + "/privacy/me/consents",
                KeycloakAdmin.selfServiceToken(KeycloakAdmin.username(userId)), "{\"refused\":[\"marketing\"]}").statusCode())
                .isEqualTo(200);
        String pdp = clientCredentials("pdp", "pdp-secret");

        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> response = KeycloakAdmin.send("GET", SYNC + "?limit=40"
                    + (cursor == null ? "" : "&cursor=" + cursor), pdp, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = KeycloakAdmin.json(response);
            assertThat(page.path("subjects").size()).isLessThanOrEqualTo(40);
            page.path("subjects").forEach(all::add);
            cursor = page.hasNonNull("next") ? page.path("next").asText() : null;
            pages++;
        } while (cursor != null);
        // the demo's 100 customers and 3 staff, and users the tests created: several pages, no one twice
        assertThat(pages).isGreaterThanOrEqualTo(3);
        List<String> ids = all.stream().map(s -> s.path("user_id").asText()).toList();
        assertThat(ids).contains(ALICE, userId).doesNotHaveDuplicates();
        for (JsonNode subject : all) {
            List<String> members = new ArrayList<>();
            subject.fieldNames().forEachRemaining(members::add);
            assertThat(members).as("the registry's state and nothing else")
                    .isSubsetOf("user_id", "v", "jurisdiction", "notice", "consents", "rights");
        }
        assertThat(all.toString()).doesNotContain("@example", "Alice");
        JsonNode mine = all.get(ids.indexOf(userId));
        assertThat(mine.path("v").asLong()).isEqualTo(1);
        assertThat(mine.path("jurisdiction").asText()).isEqualTo("US-CA");
        assertThat(mine.path("consents").path("marketing").path("state").asText()).isEqualTo("refused");

        JsonNode one = KeycloakAdmin.json(KeycloakAdmin.send("GET", SYNC + "/" + userId, pdp, null));
        assertThat(one).isEqualTo(mine);
        assertThat(KeycloakAdmin.send("GET", SYNC + "/no-such-user", pdp, null).statusCode()).isEqualTo(404);
        HttpResponse<String> tooMany = KeycloakAdmin.send("GET", SYNC + "?limit=501", pdp, null);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("500");
        assertThat(KeycloakAdmin.send("GET", SYNC + "?cursor=not-ours!", pdp, null).statusCode()).isEqualTo(400);
    }

    @Test
    void onlyTheSyncRoleOpensTheResync() throws Exception {
        String enforcer = clientCredentials("demo-crm", "demo-crm-secret");
        String customer = stack.accessToken(KeycloakAdmin.username(KeycloakAdmin.createUser("no-sync", "EU")),
                "support-console", "support-console-secret");
        for (String token : List.of(enforcer, customer, KeycloakAdmin.adminToken())) {
            assertThat(KeycloakAdmin.send("GET", SYNC, token, null).statusCode()).isEqualTo(403);
            assertThat(KeycloakAdmin.send("GET", SYNC + "/" + ALICE, token, null).statusCode()).isEqualTo(403);
        }
        assertThat(KeycloakAdmin.send("GET", SYNC, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void demoCrmsCredentialsReachTheChangeFeedAndNoUsers() throws Exception {
        String enforcer = clientCredentials("demo-crm", "demo-crm-secret");
        JsonNode claims = Stack.claims(enforcer);
        assertThat(claims.path("realm_access").path("roles").toString()).isEqualTo("[\"purposegate-enforcer\"]");
        assertThat(claims.path("resource_access").has("realm-management")).isFalse();
        assertThat(KeycloakAdmin.send("GET", KeycloakAdmin.ADMIN + "/users", enforcer, null).statusCode()).isEqualTo(403);
        HttpResponse<String> feed = Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.PDP + "/v1/consent-events/changes"))
                .header("Authorization", "Bearer " + enforcer).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(feed.statusCode()).as(feed.body()).isEqualTo(200);
    }

    @Test
    void thePdpResyncsWithItsRoleAloneAndDecidesOnChangesMadeWhileItWasDown() throws Exception {
        String granted = KeycloakAdmin.createUser("while-down-given", "EU");
        String withdrawn = KeycloakAdmin.createUser("while-down-withdrawn", "EU");
        String mia = stack.accessToken("mia", "marketing-app", "marketing-app-secret");
        String withdrawer = KeycloakAdmin.selfServiceToken(KeycloakAdmin.username(withdrawn));
        assertThat(KeycloakAdmin.send("PUT", Stack.REALM + "/privacy/me/consents", withdrawer,
                "{\"granted\":[\"analytics\"]}").statusCode()).isEqualTo(200);
        long resyncsBefore = resyncs();

        stack.stop("pdp");
        try {
            assertThat(KeycloakAdmin.send("PUT", Stack.REALM + "/privacy/me/consents",
                    KeycloakAdmin.selfServiceToken(KeycloakAdmin.username(granted)), "{\"granted\":[\"analytics\"]}")
                    .statusCode()).isEqualTo(200);
            assertThat(KeycloakAdmin.send("PUT", Stack.REALM + "/privacy/me/consents", withdrawer,
                    "{\"refused\":[\"analytics\"]}").statusCode()).isEqualTo(200);
        } finally {
            // waits for readiness, which a PDP reaches only after its first resync from Keycloak succeeded
            stack.start("pdp");
        }
        assertThat(resyncs()).as("the PDP logged a successful resync after its restart").isGreaterThan(resyncsBefore);

        JsonNode allowed = ConsentWithdrawalE2ETest.decide(mia, granted);
        assertThat(allowed.path("allow").asBoolean()).as(allowed.toString()).isTrue();
        JsonNode denied = ConsentWithdrawalE2ETest.decide(mia, withdrawn);
        assertThat(denied.path("allow").asBoolean()).as(denied.toString()).isFalse();
        assertThat(ConsentWithdrawalE2ETest.codes(denied)).contains("consent.withdrawn");
    }

    /** How often the PDP's log says its registry resynced from Keycloak. */
    private static long resyncs() throws Exception {
        if (!Files.exists(stack.log("pdp"))) {
            return 0;
        }
        try (var lines = Files.lines(stack.log("pdp"))) {
            return lines.filter(line -> line.contains("consent registry resynced from Keycloak")).count();
        }
    }
}
