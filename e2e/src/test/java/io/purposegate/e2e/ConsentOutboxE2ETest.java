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
 * restarted meanwhile, each user's newest state still arrives, signed, once the receiver is back,
 * and the older events it supersedes are dropped unsent. The receiver here stands on the PDP's port and checks each event the way a PDP must.
 */
class ConsentOutboxE2ETest {

    static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
    }

    @Test
    void eachUsersNewestStateArrivesAfterThePdpWasDownAndKeycloakRestarted() throws Exception {
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
            List<JsonNode> events = await(userId, 1, bodies, verifier);
            // only the newest: an event is the user's whole state, so it supersedes the two before it
            assertThat(events).extracting(e -> e.path("type").asText()).containsOnly("consent.changed");
            assertThat(events).extracting(e -> e.path("v").asLong()).containsExactly(4L);
            // naming the version before it, so a receiver that holds another one knows it missed something
            assertThat(events).extracting(e -> e.path("previous_v").asLong()).containsExactly(3L);
            // a complete snapshot of the state after the change, with the records of that change
            JsonNode newest = events.get(0);
            assertThat(newest.path("consents").path("analytics").path("state").asText()).isEqualTo("withdrawn");
            assertThat(newest.path("consents").path("marketing").path("state").asText()).isEqualTo("given");
            assertThat(newest.path("consents").path("research").path("state").asText()).isEqualTo("refused");
            assertThat(newest.path("records")).hasSize(1);

            assertThat(await(erased, 1, bodies, verifier)).singleElement().satisfies(e -> {
                assertThat(e.path("type").asText()).isEqualTo("user.deleted");
                assertThat(e.path("previous_v").asLong()).isEqualTo(1);
            });

            // erasure reaches the PDP too, after everything before it; the superseded events never went out
            assertThat(KeycloakAdmin.send("DELETE", KeycloakAdmin.ADMIN + "/users/" + userId, KeycloakAdmin.adminToken(), null)
                    .statusCode()).isEqualTo(204);
            List<JsonNode> all = await(userId, 2, bodies, verifier);
            assertThat(all).extracting(e -> e.path("v").asLong()).containsExactly(4L, 5L);
            JsonNode deleted = all.get(1);
            assertThat(deleted.path("type").asText()).isEqualTo("user.deleted");
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
