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

    static String username(String userId) throws IOException, InterruptedException {
        return json(send("GET", ADMIN + "/users/" + userId, adminToken(), null)).path("username").asText();
    }
}
