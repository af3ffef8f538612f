package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consent-event outbox of the real Keycloak: with the PDP down for a while and Keycloak
 * restarted meanwhile, every change still arrives, signed, in order per user, once the receiver is
 * back. The receiver here stands on the PDP's port and checks each event the way a PDP must.
 */
class ConsentOutboxE2ETest {

    static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
    }

    @Test
    void noEventIsLostWhileThePdpIsDownAndKeycloakRestarts() throws Exception {
        stack.stop("pdp");
        HttpServer receiver = null;
        try {
            String userId = KeycloakAdmin.createUser("outbox", "EU");
            String username = KeycloakAdmin.username(userId);
            String token = userToken(username);
            putConsent(token, "{\"granted\":[\"analytics\"]}");
            putConsent(token, "{\"granted\":[\"marketing\"],\"refused\":[\"research\"]}");
            // a user erased before their events went out: the snapshots about them go with them
            String erased = KeycloakAdmin.createUser("erased", "EU");
            putConsent(userToken(KeycloakAdmin.username(erased)), "{\"granted\":[\"analytics\"]}");
            assertThat(KeycloakAdmin.send("DELETE", KeycloakAdmin.ADMIN + "/users/" + erased, KeycloakAdmin.adminToken(), null)
                    .statusCode()).isEqualTo(204);

            // Keycloak restarts with the events still undelivered: they are in its database
            stack.stop("keycloak");
            stack.start("keycloak");
            putConsent(userToken(username), "{\"refused\":[\"analytics\"]}");

            // the PDP comes back
            List<String> bodies = new CopyOnWriteArrayList<>();
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 8280), 0);
            receiver.createContext("/v1/consent-events", exchange -> {
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                bodies.add(type + "\n" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();

            DefaultJWTProcessor<SecurityContext> verifier = verifier();
            List<JsonNode> events = await(userId, 3, bodies, verifier);
            assertThat(events).extracting(e -> e.path("type").asText()).containsOnly("consent.changed");
            // in version order, each naming the version before it, so a receiver can detect gaps
            assertThat(events).extracting(e -> e.path("v").asLong()).containsExactly(1L, 3L, 4L);
            assertThat(events).extracting(e -> e.path("previous_v").asLong()).containsExactly(0L, 1L, 3L);
            // each a complete snapshot of the state after the change
            JsonNode third = events.get(2);
            assertThat(third.path("consents").path("analytics").path("state").asText()).isEqualTo("withdrawn");
            assertThat(third.path("consents").path("marketing").path("state").asText()).isEqualTo("given");
            assertThat(third.path("consents").path("research").path("state").asText()).isEqualTo("refused");
            assertThat(events.get(1).path("records")).hasSize(2);

            assertThat(await(erased, 1, bodies, verifier)).singleElement().satisfies(e -> {
                assertThat(e.path("type").asText()).isEqualTo("user.deleted");
                assertThat(e.path("previous_v").asLong()).isEqualTo(1);
            });

            // erasure reaches the PDP too, after everything before it
            assertThat(KeycloakAdmin.send("DELETE", KeycloakAdmin.ADMIN + "/users/" + userId, KeycloakAdmin.adminToken(), null)
                    .statusCode()).isEqualTo(204);
            JsonNode deleted = await(userId, 4, bodies, verifier).get(3);
            assertThat(deleted.path("type").asText()).isEqualTo("user.deleted");
            assertThat(deleted.path("v").asLong()).isEqualTo(5);
            assertThat(deleted.path("consents").size()).isZero();
        } finally {
            if (receiver != null) {
                receiver.stop(0);
            }
            stack.start("pdp");
        }
    }

    private static List<JsonNode> await(String userId, int count, List<String> bodies,
            DefaultJWTProcessor<SecurityContext> verifier) throws Exception {
        List<JsonNode> events = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            events = eventsOf(userId, bodies, verifier);
            if (events.size() >= count) {
                break;
            }
            Thread.sleep(200);
        }
        return events;
    }

    /** The events about one user, each verified: realm signature, explicit type, issuer, audience, expiry. */
    private static List<JsonNode> eventsOf(String userId, List<String> bodies, DefaultJWTProcessor<SecurityContext> verifier)
            throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String body : bodies) {
            int newline = body.indexOf('\n');
            assertThat(body.substring(0, newline)).isEqualTo("application/jose");
            JWTClaimsSet claims = verifier.process(body.substring(newline + 1), null);
            JsonNode event = Stack.JSON.valueToTree(claims.getJSONObjectClaim("event"));
            if (event.path("user_id").asText().equals(userId)) {
                events.add(event);
            }
        }
        return events;
    }

    private static DefaultJWTProcessor<SecurityContext> verifier() throws Exception {
        HttpResponse<String> jwks = Stack.HTTP.send(HttpRequest.newBuilder(
                URI.create(Stack.REALM + "/protocol/openid-connect/certs")).build(), HttpResponse.BodyHandlers.ofString());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("purposegate-consent-event+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(JWKSet.parse(jwks.body()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>("purposegate-pdp",
                new JWTClaimsSet.Builder().issuer(Stack.REALM).build(), java.util.Set.of("exp", "iat", "jti", "event")));
        return processor;
    }

    private static String userToken(String username) throws IOException, InterruptedException {
        return KeycloakAdmin.selfServiceToken(username);
    }

    private static void putConsent(String token, String body) throws Exception {
        assertThat(KeycloakAdmin.send("PUT", Stack.REALM + "/privacy/me/consents", token, body).statusCode()).isEqualTo(200);
    }
}
