package io.purposegate.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * (e) of the PDP benchmark needs Keycloak Authorization Services configured for an equivalent check:
 * "may a support agent read a customer?". This sets it up through Keycloak's admin REST at bench time
 * (the demo realm file stays as it is): a confidential client {@code bench-authz} with authorization
 * enabled, a resource {@code customer} with scope {@code read}, a role policy on {@code support-agent}
 * and a scope permission joining them; and 30-minute access tokens for the benchmark's token client.
 * Idempotent.
 */
final class KeycloakAuthzSetup {

    static final String CLIENT_ID = "bench-authz";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String keycloak;
    private final String adminToken;

    private KeycloakAuthzSetup(String keycloak, String adminUser, String adminPassword) throws Exception {
        this.keycloak = keycloak;
        String form = "grant_type=password&client_id=admin-cli&username=" + enc(adminUser) + "&password=" + enc(adminPassword);
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        require(token, 200, "admin token");
        this.adminToken = JSONObjectUtils.getString(JSONObjectUtils.parse(token.body()), "access_token");
    }

    static void run(String keycloak, String adminUser, String adminPassword) throws Exception {
        new KeycloakAuthzSetup(keycloak, adminUser, adminPassword).configure();
    }

    private void configure() throws Exception {
        String admin = keycloak + "/admin/realms/demo";
        String clientUuid = clientUuid(admin);
        if (clientUuid == null) {
            HttpResponse<String> created = send("POST", admin + "/clients", JSONObjectUtils.toJSONString(Map.of(
                    "clientId", CLIENT_ID, "secret", CLIENT_ID + "-secret", "publicClient", false,
                    "serviceAccountsEnabled", true, "authorizationServicesEnabled", true,
                    "standardFlowEnabled", false, "directAccessGrantsEnabled", false)));
            require(created, 201, "create client " + CLIENT_ID);
            clientUuid = clientUuid(admin);
        }
        String server = admin + "/clients/" + clientUuid + "/authz/resource-server";
        String roleId = JSONObjectUtils.getString(JSONObjectUtils.parse(
                require(send("GET", admin + "/roles/support-agent", null), 200, "role support-agent").body()), "id");
        createIfMissing(server + "/scope", Map.of("name", "read"));
        createIfMissing(server + "/resource", Map.of("name", "customer", "type", "urn:bench-authz:resources:customer",
                "scopes", List.of(Map.of("name", "read"))));
        createIfMissing(server + "/policy/role", Map.of("name", "support agents", "logic", "POSITIVE",
                "roles", List.of(Map.of("id", roleId, "required", false))));
        createIfMissing(server + "/permission/scope", Map.of("name", "support agents read customers",
                "resources", List.of("customer"), "scopes", List.of("read"), "policies", List.of("support agents"),
                "decisionStrategy", "UNANIMOUS"));
        longLivedBenchTokens(admin);
    }

    /**
     * The load run (warm-ups and rounds of five scenarios) outlasts the demo realm's 5-minute access
     * tokens; an expired token turns (e) into fast 401s. The bench stack is thrown away, so the token
     * client's access tokens live 30 minutes there.
     */
    @SuppressWarnings("unchecked")
    private void longLivedBenchTokens(String admin) throws Exception {
        List<Object> found = JSONArrayUtils.parse(require(send("GET", admin + "/clients?clientId=support-console", null), 200,
                "find client support-console").body());
        Map<String, Object> client = (Map<String, Object>) found.get(0);
        Map<String, Object> attributes = new java.util.LinkedHashMap<>((Map<String, Object>) client.getOrDefault("attributes", Map.of()));
        attributes.put("access.token.lifespan", "1800");
        client.put("attributes", attributes);
        require(send("PUT", admin + "/clients/" + client.get("id"), JSONObjectUtils.toJSONString(client)), 204,
                "longer access tokens for support-console");
    }

    private String clientUuid(String admin) throws Exception {
        HttpResponse<String> clients = require(send("GET", admin + "/clients?clientId=" + CLIENT_ID, null), 200, "find client");
        List<Object> found = JSONArrayUtils.parse(clients.body());
        return found.isEmpty() ? null : (String) ((Map<?, ?>) found.get(0)).get("id");
    }

    private void createIfMissing(String url, Map<String, Object> representation) throws Exception {
        HttpResponse<String> created = send("POST", url, JSONObjectUtils.toJSONString(representation));
        if (created.statusCode() != 201 && created.statusCode() != 200 && created.statusCode() != 409) {
            throw new IllegalStateException("Keycloak refused " + url + ": HTTP " + created.statusCode() + " " + created.body());
        }
    }

    private HttpResponse<String> send(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + adminToken)
                .timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> require(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": Keycloak answered HTTP " + response.statusCode());
        }
        return response;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
