package io.purposegate.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** The real Keycloak's admin and privacy REST APIs, as the e2e tests call them. */
final class KeycloakAdmin {

    static final String ADMIN = Stack.KEYCLOAK + "/admin/realms/demo";

    private KeycloakAdmin() {
    }

    /** A token of the master realm's administrator (local defaults admin/admin). */
    static String adminToken() throws IOException, InterruptedException {
        HttpResponse<String> response = Stack.postForm(Stack.KEYCLOAK + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("admin token: HTTP " + response.statusCode());
        }
        return Stack.JSON.readTree(response.body()).path("access_token").asText();
    }

    static HttpResponse<String> send(String method, String url, String token, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return Stack.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Stack.JSON.readTree(response.body());
    }

    /** Creates a throw-away customer (password = username) and returns its id. */
    static String createUser(String prefix, String jurisdiction) throws IOException, InterruptedException {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"username":"%s","enabled":true,"firstName":"Test","lastName":"User","email":"%s@example.org",
                 "emailVerified":true,"attributes":{"jurisdiction":["%s"]},
                 "credentials":[{"type":"password","value":"%s","temporary":false}]}
                """.formatted(username, username, jurisdiction, username);
        HttpResponse<String> created = send("POST", ADMIN + "/users", adminToken(), body);
        if (created.statusCode() != 201) {
            throw new IllegalStateException("create user: HTTP " + created.statusCode() + " " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * A confidential test client that the realm marks first-party for consent, with the password grant:
     * what the tests change a customer's consent through (the demo's first-party client, crm-web, is a
     * browser client). Created on first use, the way an operator adds a first-party application.
     */
    static final String SELF_SERVICE_CLIENT = "e2e-self-service";

    /** A token of {@link #SELF_SERVICE_CLIENT} for a user (password = username): it may change the user's consent. */
    static String selfServiceToken(String username) throws IOException, InterruptedException {
        ensureSelfServiceClient();
        return Stack.get().accessToken(username, SELF_SERVICE_CLIENT, SELF_SERVICE_CLIENT + "-secret");
    }

    private static volatile boolean selfServiceClientExists;

    private static synchronized void ensureSelfServiceClient() throws IOException, InterruptedException {
        if (selfServiceClientExists) {
            return;
        }
        String body = """
                {"clientId":"%s","enabled":true,"publicClient":false,"clientAuthenticatorType":"client-secret",
                 "secret":"%s-secret","standardFlowEnabled":false,"directAccessGrantsEnabled":true,
                 "attributes":{"purposegate.consent.first-party":"true","purposegate.purposes":"service account"}}
                """.formatted(SELF_SERVICE_CLIENT, SELF_SERVICE_CLIENT);
        int status = send("POST", ADMIN + "/clients", adminToken(), body).statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("create client " + SELF_SERVICE_CLIENT + ": HTTP " + status);
        }
        selfServiceClientExists = true;
    }

    /** Sets one attribute of a demo client through Keycloak's admin API (the representation read, changed, written back). */
    static void setClientAttribute(String clientId, String name, String value) throws IOException, InterruptedException {
        String admin = adminToken();
        JsonNode found = json(send("GET", ADMIN + "/clients?clientId=" + clientId, admin, null));
        com.fasterxml.jackson.databind.node.ObjectNode client = (com.fasterxml.jackson.databind.node.ObjectNode) found.get(0);
        com.fasterxml.jackson.databind.node.ObjectNode attributes = client.get("attributes") instanceof
                com.fasterxml.jackson.databind.node.ObjectNode existing ? existing : client.putObject("attributes");
        attributes.put(name, value);
        int status = send("PUT", ADMIN + "/clients/" + client.path("id").asText(), admin, Stack.JSON.writeValueAsString(client))
                .statusCode();
        if (status != 204) {
            throw new IllegalStateException("update client " + clientId + ": HTTP " + status);
        }
    }

    static String username(String userId) throws IOException, InterruptedException {
        return json(send("GET", ADMIN + "/users/" + userId, adminToken(), null)).path("username").asText();
    }
}
