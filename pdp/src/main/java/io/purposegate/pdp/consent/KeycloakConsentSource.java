package io.purposegate.pdp.consent;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads consent state from Keycloak's resync endpoint ({@code /admin/realms/{realm}/privacy/sync},
 * docs/interfaces.md §4) with the {@code pdp} client's service-account token (client credentials,
 * realm role {@code purposegate-consent-sync} and nothing else), cached until shortly before it expires.
 */
public class KeycloakConsentSource implements ConsentSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The resync's own endpoint under the realm's admin REST; needs only the realm role purposegate-consent-sync. */
    private static final String SYNC = "/privacy/sync/subjects";

    private final URI adminUrl;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String accessToken;
    private Instant accessTokenRenewal = Instant.MIN;

    public KeycloakConsentSource(URI adminUrl, URI tokenUrl, String clientId, String clientSecret) {
        this.adminUrl = adminUrl;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    @Override
    public SubjectPage page(String cursor, int max) throws IOException {
        String query = "?limit=" + max + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpResponse<String> response = get(SYNC + query, DEFAULT_TIMEOUT);
        if (response.statusCode() != 200) {
            throw new IOException("Keycloak answered HTTP " + response.statusCode() + " to the consent resync");
        }
        return JSON.readValue(response.body(), SubjectPage.class);
    }

    @Override
    public Optional<SubjectState> one(String userId, Duration timeout) throws IOException {
        HttpResponse<String> response = get(SYNC + "/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20"),
                timeout);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("Keycloak answered HTTP " + response.statusCode() + " for one subject's consents");
        }
        return Optional.of(JSON.readValue(response.body(), SubjectState.class));
    }

    private HttpResponse<String> get(String path, Duration timeout) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(adminUrl.toString().replaceAll("/+$", "") + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + serviceAccountToken())
                .header("Accept", "application/json")
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private synchronized String serviceAccountToken() throws IOException {
        if (accessToken != null && Instant.now().isBefore(accessTokenRenewal)) {
            return accessToken;
        }
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(DEFAULT_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("Keycloak refused the PDP's client credentials (HTTP " + response.statusCode() + ")");
        }
        JsonNode body = JSON.readTree(response.body());
        accessToken = body.path("access_token").asText(null);
        if (accessToken == null) {
            throw new IOException("Keycloak's token response has no access_token");
        }
        long lifetime = body.path("expires_in").asLong(60);
        accessTokenRenewal = Instant.now().plusSeconds(Math.max(5, lifetime - 10));
        return accessToken;
    }
}
