package io.purposegate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The PDP's share of "the first access after a withdrawal is denied within 1 s": a withdrawal event
 * delivered to {@code POST /v1/consent-events}, then the next decision for that subject, timed from
 * the delivery to the decision's answer. Keycloak's outbox is not on this branch, so the events are
 * signed here with an extra, low-priority RSA key added to the bench realm through the admin REST;
 * the PDP finds it in the realm's JWKS like any rotated key.
 */
final class WithdrawalBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static void run(String keycloak, String adminUser, String adminPassword, String userToken, Path out, int rounds)
            throws Exception {
        String admin = keycloak + "/admin/realms/demo";
        String adminToken = adminToken(keycloak, adminUser, adminPassword);
        RSAKey key = new RSAKeyGenerator(2048).generate();
        String realmId = JSONObjectUtils.getString(JSONObjectUtils.parse(send(adminToken, "GET", admin, null).body()), "id");
        String pkcs8 = Base64.getEncoder().encodeToString(key.toRSAPrivateKey().getEncoded());
        HttpResponse<String> created = send(adminToken, "POST", admin + "/components", JSONObjectUtils.toJSONString(Map.of(
                "name", "bench-consent-events-" + UUID.randomUUID(), "providerId", "rsa",
                "providerType", "org.keycloak.keys.KeyProvider", "parentId", realmId,
                "config", Map.of("priority", List.of("1"), "enabled", List.of("true"), "active", List.of("true"),
                        "algorithm", List.of("RS256"), "privateKey", List.of(pkcs8)))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused the bench key: HTTP " + created.statusCode() + " " + created.body());
        }
        String componentId = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        String kid = null;
        for (Object k : (List<?>) JSONObjectUtils.parse(send(adminToken, "GET", admin + "/keys", null).body()).get("keys")) {
            Map<?, ?> entry = (Map<?, ?>) k;
            if (componentId.equals(entry.get("providerId"))) {
                kid = (String) entry.get("kid");
            }
        }
        if (kid == null) {
            throw new IllegalStateException("the bench key does not appear among the realm's keys");
        }
        RSAKey signing = new RSAKey.Builder(key).keyID(kid).build();
        String issuer = keycloak + "/realms/demo";

        List<Object> samples = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            String subject = "bench-subject-" + UUID.randomUUID();
            // the PDP takes the new key once its rate-limited JWKS refresh lets it (at most one fetch per 30 s)
            deliverUntilAccepted(event(signing, issuer, subject, 1, 0, "given"), Duration.ofSeconds(70));
            decide(userToken, subject);
            String withdrawal = event(signing, issuer, subject, 2, 1, "withdrawn");
            long start = System.nanoTime();
            HttpResponse<String> applied = deliver(withdrawal);
            long appliedAt = System.nanoTime();
            HttpResponse<String> decision = decide(userToken, subject);
            long answeredAt = System.nanoTime();
            if (applied.statusCode() != 200 || decision.statusCode() != 200) {
                throw new IllegalStateException("withdrawal round failed: event HTTP " + applied.statusCode()
                        + ", decision HTTP " + decision.statusCode());
            }
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("event_ms", (appliedAt - start) / 1e6);
            sample.put("total_ms", (answeredAt - start) / 1e6);
            sample.put("outcome", JSONObjectUtils.parse(applied.body()).get("outcome"));
            sample.put("allow", JSONObjectUtils.parse(decision.body()).get("allow"));
            samples.add(sample);
        }
        Files.writeString(out, JSONArrayUtils.toJSONString(samples));
        send(adminToken, "DELETE", admin + "/components/" + componentId, null);
    }

    private static void deliverUntilAccepted(String event, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            HttpResponse<String> response = deliver(event);
            if (response.statusCode() == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the PDP did not accept the bench key's events: HTTP " + response.statusCode());
            }
            Thread.sleep(1_000);
        }
    }

    private static String event(RSAKey key, String issuer, String subject, long v, long previousV, String state) throws Exception {
        Instant now = Instant.now();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", UUID.randomUUID().toString());
        event.put("type", "consent.changed");
        event.put("user_id", subject);
        event.put("v", v);
        event.put("previous_v", previousV);
        event.put("time", now.toString());
        event.put("jurisdiction", "EU");
        event.put("notice", "2026-11");
        event.put("consents", Map.of("support", Map.of("state", state, "time", now.toString())));
        event.put("records", List.of());
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience("purposegate-pdp")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString()).claim("event", event).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("purposegate-consent-event+jwt")).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> deliver(String event) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8280/v1/consent-events"))
                .header("Content-Type", "application/jose").POST(HttpRequest.BodyPublishers.ofString(event)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> decide(String token, String subject) throws Exception {
        String body = "{\"action\":\"read\",\"purpose\":\"support\",\"resource\":{\"type\":\"customer\",\"id\":\"c-1\",\"owner\":\""
                + subject + "\",\"fields\":[\"name\"]}}";
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
