package io.purposegate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * "The first access after a withdrawal is denied within 1 s", end to end with the real parts: a
 * customer withdraws a consent through Keycloak's self-service API; Keycloak's outbox signs and
 * delivers the event to the PDP; the PDP's consent registry takes it; the next decision (by a
 * marketing employee, with a token issued before the withdrawal) is denied by the policy. Timed
 * from Keycloak's answer to the withdrawal (the change is committed) to the first denied decision.
 */
final class WithdrawalBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static void run(String keycloak, String adminUser, String adminPassword, String unusedToken, Path out, int rounds)
            throws Exception {
        String admin = keycloak + "/admin/realms/demo";
        String adminToken = adminToken(keycloak, adminUser, adminPassword);
        String username = "bench-withdraws-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send(adminToken, "POST", admin + "/users", JSONObjectUtils.toJSONString(Map.of(
                "username", username, "enabled", true, "email", username + "@example.org", "emailVerified", true,
                "firstName", "Bench", "lastName", "Customer", "attributes", Map.of("jurisdiction", List.of("EU")),
                "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false)))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating the bench customer: HTTP " + created.statusCode() + " " + created.body());
        }
        String subject = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        // the customer changes consent through a first-party client (a vendor's token would get 403)
        HttpResponse<String> client = send(adminToken, "POST", admin + "/clients", JSONObjectUtils.toJSONString(Map.of(
                "clientId", "bench-self-service", "enabled", true, "publicClient", false, "secret", "bench-secret",
                "standardFlowEnabled", false, "directAccessGrantsEnabled", true,
                "attributes", Map.of("purposegate.consent.first-party", "true"))));
        if (client.statusCode() != 201 && client.statusCode() != 409) {
            throw new IllegalStateException("creating the bench's first-party client: HTTP " + client.statusCode());
        }
        String customer = userToken(keycloak, "bench-self-service", "bench-secret", username);
        String employee = userToken(keycloak, "marketing-app", "marketing-app-secret", "mia");

        List<Object> samples = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            consent(keycloak, customer, "{\"granted\":[\"analytics\"]}");
            awaitDecision(employee, subject, true, Duration.ofSeconds(30));
            long sent = System.nanoTime();
            consent(keycloak, customer, "{\"refused\":[\"analytics\"]}");
            long stored = System.nanoTime();
            boolean allow = awaitDecision(employee, subject, false, Duration.ofSeconds(30));
            long denied = System.nanoTime();
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("event_ms", (stored - sent) / 1e6);
            sample.put("total_ms", (denied - stored) / 1e6);
            sample.put("allow", allow);
            samples.add(sample);
        }
        Files.writeString(out, JSONArrayUtils.toJSONString(samples));
        send(adminToken, "DELETE", admin + "/users/" + subject, null);
    }

    /** Asks every 5 ms until the decision is the expected one; returns the last answer's allow. */
    private static boolean awaitDecision(String token, String subject, boolean allow, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            HttpResponse<String> decision = decide(token, subject);
            if (decision.statusCode() != 200) {
                throw new IllegalStateException("decision: HTTP " + decision.statusCode() + " " + decision.body());
            }
            boolean allowed = Boolean.TRUE.equals(JSONObjectUtils.parse(decision.body()).get("allow"));
            if (allowed == allow || System.nanoTime() > deadline) {
                return allowed;
            }
            Thread.sleep(5);
        }
    }

    private static void consent(String keycloak, String token, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/demo/privacy/me/consents"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("consent change: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private static String userToken(String keycloak, String client, String secret, String username) throws Exception {
        String form = "grant_type=password&client_id=" + client + "&client_secret=" + secret + "&username=" + username
                + "&password=" + username;
        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/demo/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSONObjectUtils.getString(JSONObjectUtils.parse(token.body()), "access_token");
    }

    private static HttpResponse<String> decide(String token, String subject) throws Exception {
        String body = "{\"action\":\"read\",\"purpose\":\"analytics\",\"resource\":{\"type\":\"customer\",\"id\":\"c-bench\","
                + "\"owner\":\"" + subject + "\",\"fields\":[\"orders\"]}}";
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8280/v1/decisions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String adminToken(String keycloak, String user, String password) throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSONObjectUtils.getString(JSONObjectUtils.parse(token.body()), "access_token");
    }

    private static HttpResponse<String> send(String adminToken, String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + adminToken);
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
