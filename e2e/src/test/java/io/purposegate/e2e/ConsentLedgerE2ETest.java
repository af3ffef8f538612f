package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The consent ledger and the privacy REST APIs of the real Keycloak. */
class ConsentLedgerE2ETest {

    static final String ME = Stack.REALM + "/privacy/me/consents";
    static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
    }

    private static String userToken(String userId) throws Exception {
        return KeycloakAdmin.selfServiceToken(KeycloakAdmin.username(userId));
    }

    private static HttpResponse<String> put(String token, String body) throws Exception {
        return KeycloakAdmin.send("PUT", ME, token, body);
    }

    @Test
    void selfServiceAppendsOnlyChangesAndTheChainVerifies() throws Exception {
        String userId = KeycloakAdmin.createUser("ledger", "EU");
        String token = userToken(userId);

        JsonNode first = KeycloakAdmin.json(put(token, "{\"granted\":[\"analytics\"],\"refused\":[\"marketing\"]}"));
        assertThat(first.path("v").asLong()).isEqualTo(2);
        assertThat(first.path("granted").toString()).isEqualTo("[\"analytics\"]");
        assertThat(first.path("consents").path("analytics").path("expires_at").asText()).isNotBlank();

        // the same request again changes nothing, so nothing is appended
        assertThat(KeycloakAdmin.json(put(token, "{\"granted\":[\"analytics\"]}")).path("v").asLong()).isEqualTo(2);

        JsonNode withdrawn = KeycloakAdmin.json(put(token, "{\"refused\":[\"analytics\"]}"));
        assertThat(withdrawn.path("v").asLong()).isEqualTo(3);
        assertThat(withdrawn.path("consents").path("analytics").path("state").asText()).isEqualTo("withdrawn");

        JsonNode mine = KeycloakAdmin.json(KeycloakAdmin.send("GET", ME, token, null));
        assertThat(mine.path("v").asLong()).isEqualTo(3);
        assertThat(mine.path("lawful").toString()).doesNotContain("analytics", "marketing").contains("service");

        JsonNode history = KeycloakAdmin.json(KeycloakAdmin.send("GET", ME + "/history", token, null));
        JsonNode records = history.path("records");
        assertThat(records).hasSize(3);
        assertThat(records.get(0).path("prev_hash").asText()).isEqualTo("0".repeat(64));
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).path("prev_hash").asText()).isEqualTo(records.get(i - 1).path("hash").asText());
            assertThat(records.get(i).path("v").asLong()).isEqualTo(i + 1);
        }
        assertThat(records.get(2).path("method").asText()).isEqualTo("self_service");
        assertThat(records.get(2).path("client_id").asText()).isEqualTo(KeycloakAdmin.SELF_SERVICE_CLIENT);

        JsonNode verified = KeycloakAdmin.json(KeycloakAdmin.send("GET",
                KeycloakAdmin.ADMIN + "/privacy/users/" + userId + "/consents/verify", KeycloakAdmin.adminToken(), null));
        assertThat(verified.path("valid").asBoolean()).isTrue();
        assertThat(verified.path("entries").asInt()).isEqualTo(3);
    }

    @Test
    void concurrentChangesForOneUserLoseNothingAndKeepTheChainValid() throws Exception {
        String userId = KeycloakAdmin.createUser("concurrent", "EU");
        String token = userToken(userId);
        List<String> purposes = List.of("analytics", "personalisation", "marketing", "sharing", "research");
        int rounds = 6;
        ExecutorService pool = Executors.newFixedThreadPool(purposes.size());
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (String purpose : purposes) {
                // each writer flips its own purpose: every request is a change, so every one must be recorded
                Callable<List<Integer>> writer = () -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        String member = round % 2 == 0 ? "granted" : "refused";
                        statuses.add(put(token, "{\"" + member + "\":[\"" + purpose + "\"]}").statusCode());
                    }
                    return statuses;
                };
                results.add(pool.submit(writer));
            }
            for (Future<List<Integer>> result : results) {
                assertThat(result.get()).containsOnly(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode history = KeycloakAdmin.json(KeycloakAdmin.send("GET", ME + "/history", token, null));
        assertThat(history.path("v").asLong()).isEqualTo((long) purposes.size() * rounds);
        Set<Long> versions = new HashSet<>();
        history.path("records").forEach(r -> versions.add(r.path("v").asLong()));
        assertThat(versions).hasSize(purposes.size() * rounds);
        JsonNode verified = KeycloakAdmin.json(KeycloakAdmin.send("GET",
                KeycloakAdmin.ADMIN + "/privacy/users/" + userId + "/consents/verify", KeycloakAdmin.adminToken(), null));
        assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
        // the last round of every writer refused: the state is exactly that
        JsonNode mine = KeycloakAdmin.json(KeycloakAdmin.send("GET", ME, token, null));
        assertThat(mine.path("granted").toString()).isEqualTo("[]");
    }

    @Test
    void badRequestsAre400ProblemsAndNothingIsStored() throws Exception {
        String userId = KeycloakAdmin.createUser("bad", "EU");
        String token = userToken(userId);
        for (String body : List.of("{\"granted\":[\"no-such-purpose\"]}", "{\"granted\":[\"service\"]}", "{\"granted\":",
                "{\"granted\":\"analytics\"}", "[]")) {
            HttpResponse<String> response = put(token, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(body).hasValue("application/problem+json");
        }
        assertThat(put(token, "{\"granted\":[\"no-such-purpose\"]}").body()).contains("unknown purpose 'no-such-purpose'");
        assertThat(KeycloakAdmin.json(KeycloakAdmin.send("GET", ME, token, null)).path("v").asLong()).isZero();
    }

    @Test
    void aUserReachesOnlyTheirOwnRecords() throws Exception {
        assertThat(KeycloakAdmin.send("GET", ME, null, null).statusCode()).isEqualTo(401);
        assertThat(KeycloakAdmin.send("GET", ME, "not-a-token", null).statusCode()).isEqualTo(401);
        String userId = KeycloakAdmin.createUser("nosy", "EU");
        String token = userToken(userId);
        String alice = "00000000-0000-4000-8000-0000000a11ce";
        assertThat(KeycloakAdmin.send("GET", KeycloakAdmin.ADMIN + "/privacy/users/" + alice + "/consents/history", token, null)
                .statusCode()).isIn(401, 403);
        assertThat(KeycloakAdmin.send("POST", KeycloakAdmin.ADMIN + "/privacy/purposes", token, "{}").statusCode())
                .isIn(401, 403);
        // a service account has no consent of its own
        String service = Stack.JSON.readTree(Stack.postForm(Stack.REALM + "/protocol/openid-connect/token", java.util.Map.of(
                "grant_type", "client_credentials", "client_id", "pdp", "client_secret", "pdp-secret")).body())
                .path("access_token").asText();
        assertThat(KeycloakAdmin.send("GET", ME, service, null).statusCode()).isEqualTo(401);
    }

    @Test
    void adminsKeepTheCatalogValidatedAndAudited() throws Exception {
        String admin = KeycloakAdmin.adminToken();
        String purposes = KeycloakAdmin.ADMIN + "/privacy/purposes";
        HttpResponse<String> invalid = KeycloakAdmin.send("POST", purposes, admin,
                "{\"id\":\"Loyalty Programme\",\"lawful_basis\":\"vibes\",\"retention\":\"forever\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(KeycloakAdmin.json(invalid).path("errors").size()).isGreaterThanOrEqualTo(3);

        String id = "loyalty_" + System.nanoTime() % 100000;
        String body = """
                {"id":"%s","name":{"en":"Loyalty programme","de":"Treueprogramm"},"lawful_basis":"consent",
                 "data_categories":["user.contact.email"],"retention":"P1Y","consent_expiry":"P6M",
                 "dpv":"https://w3id.org/dpv#Marketing","consent_model":{"default":"opt_in"}}
                """.formatted(id);
        assertThat(KeycloakAdmin.send("POST", purposes, admin, body).statusCode()).isEqualTo(201);
        assertThat(KeycloakAdmin.send("POST", purposes, admin, body).statusCode()).isEqualTo(409);
        // the public catalog shows it at once
        JsonNode catalog = KeycloakAdmin.json(KeycloakAdmin.send("GET", Stack.REALM + "/privacy/purposes", null, null));
        assertThat(catalog.path("purposes").toString()).contains("\"" + id + "\"");
        assertThat(KeycloakAdmin.send("PUT", purposes + "/" + id, admin, body.replace("P1Y", "P2Y")).statusCode()).isEqualTo(200);
        assertThat(KeycloakAdmin.json(KeycloakAdmin.send("GET", purposes + "/" + id, admin, null)).path("retention").asText())
                .isEqualTo("P2Y");
        assertThat(KeycloakAdmin.send("DELETE", purposes + "/" + id, admin, null).statusCode()).isEqualTo(204);
        assertThat(KeycloakAdmin.send("GET", purposes + "/" + id, admin, null).statusCode()).isEqualTo(404);

        JsonNode events = KeycloakAdmin.json(KeycloakAdmin.send("GET",
                KeycloakAdmin.ADMIN + "/admin-events?max=1000", admin, null));
        List<String> operations = new ArrayList<>();
        events.forEach(e -> {
            // (Keycloak's resourceTypes filter knows only its own enum, so filter here)
            if (e.path("resourceType").asText().equals("PURPOSEGATE_PURPOSE") && e.path("resourcePath").asText().contains(id)) {
                operations.add(e.path("operationType").asText());
            }
        });
        assertThat(operations).contains("CREATE", "UPDATE", "DELETE");
    }

    @Test
    void clientsRegisterOnlyPurposesOfTheCatalog() throws Exception {
        String admin = KeycloakAdmin.adminToken();
        String url = KeycloakAdmin.ADMIN + "/privacy/clients/support-console/purposes";
        HttpResponse<String> unknown = KeycloakAdmin.send("PUT", url, admin, "{\"purposes\":[\"service\",\"mind_reading\"]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("mind_reading");
        assertThat(KeycloakAdmin.json(KeycloakAdmin.send("GET", url, admin, null)).path("purposes").toString())
                .isEqualTo("[\"service\",\"support\"]");
        assertThat(KeycloakAdmin.send("PUT", url, admin, "{\"purposes\":[\"service\",\"support\"]}").statusCode()).isEqualTo(200);
    }

    @Test
    void theDeprecatedOffsetResyncStillServesRealmAdmins() throws Exception {
        String userId = KeycloakAdmin.createUser("resync", "US-CA");
        put(userToken(userId), "{\"refused\":[\"marketing\"]}");
        // kept for one release for view-users holders; the PDP resyncs from privacy/sync (ServiceAccountsE2ETest)
        String admin = KeycloakAdmin.adminToken();
        JsonNode one = KeycloakAdmin.json(KeycloakAdmin.send("GET",
                KeycloakAdmin.ADMIN + "/privacy/users/" + userId + "/consents", admin, null));
        assertThat(one.path("v").asLong()).isEqualTo(1);
        assertThat(one.path("jurisdiction").asText()).isEqualTo("US-CA");
        assertThat(one.path("consents").path("marketing").path("state").asText()).isEqualTo("refused");

        List<String> seen = new ArrayList<>();
        for (int first = 0; ; first += 50) {
            JsonNode page = KeycloakAdmin.json(KeycloakAdmin.send("GET",
                    KeycloakAdmin.ADMIN + "/privacy/consents?first=" + first + "&max=50", admin, null));
            page.forEach(state -> seen.add(state.path("user_id").asText()));
            if (page.size() < 50) {
                break;
            }
        }
        assertThat(seen).contains(userId, "00000000-0000-4000-8000-0000000a11ce").doesNotHaveDuplicates();
        assertThat(KeycloakAdmin.send("GET", KeycloakAdmin.ADMIN + "/privacy/consents?max=0", admin, null).statusCode())
                .isEqualTo(400);
    }
}
