package io.purposegate.keycloak.outbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Signs a pending event with its realm's active RS256 key and posts it to the PDP (docs/interfaces.md §3). */
final class SignedEventSender implements OutboxDelivery.Sender {

    static final String EVENT_TYPE = "purposegate-consent-event+jwt";
    static final String AUDIENCE = "purposegate-pdp";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final KeycloakSession session;
    private final JpaOutboxQueue queue;
    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;

    SignedEventSender(KeycloakSession session, JpaOutboxQueue queue, HttpClient http, URI endpoint, Duration timeout) {
        this.session = session;
        this.queue = queue;
        this.http = http;
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    @Override
    public DeliveryAttempt send(OutboxQueue.Pending event) {
        RealmModel realm = session.realms().getRealm(event.realmId());
        String payload = queue.payload(event);
        if (realm == null || payload == null) {
            return DeliveryAttempt.delivered(); // the realm is gone with every subject it had, or the event was sent meanwhile
        }
        String jws;
        try {
            jws = sign(realm, payload);
        } catch (RuntimeException | IOException e) {
            // this realm's key: the other realms' events still go out
            return DeliveryAttempt.refused("cannot sign the event: " + e.getClass().getSimpleName());
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/jose")
                .POST(HttpRequest.BodyPublishers.ofString(jws))
                .build();
        try {
            return DeliveryAttempt.ofStatus(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return DeliveryAttempt.unavailable("PDP unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryAttempt.unavailable("interrupted");
        }
    }

    private String sign(RealmModel realm, String payload) throws IOException {
        Map<String, Object> stored = JSON.readValue(payload, MAP);
        Map<String, Object> claims = new LinkedHashMap<>();
        long now = System.currentTimeMillis() / 1000;
        claims.put("iss", stored.get("iss"));
        claims.put("aud", AUDIENCE);
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("event", stored.get("event"));
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.RS256);
        try {
            var signer = session.getProvider(SignatureProvider.class, Algorithm.RS256).signer(key);
            return new JWSBuilder().type(EVENT_TYPE).kid(key.getKid()).jsonContent(claims).sign(signer);
        } catch (org.keycloak.crypto.SignatureException e) {
            throw new IOException("signing failed", e);
        }
    }
}
