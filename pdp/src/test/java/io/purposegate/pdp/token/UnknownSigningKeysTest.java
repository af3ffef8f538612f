package io.purposegate.pdp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A token whose key the realm does not have is invalid (401), not an outage (503): after the one refetch an unknown
 * kid may cause, while further refetches are rate-limited, and under a flood of unknown kids, which must not keep the
 * realm's real (rotated) keys from being picked up.
 */
class UnknownSigningKeysTest {

    private static final RSAKey ROTATED = TestTokens.generate("rotated-key");

    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(TestTokens.key().toPublicJWK()));
    private HttpServer jwks;

    @BeforeEach
    void startJwks() throws IOException {
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        jwks.start();
    }

    @AfterEach
    void stopJwks() {
        jwks.stop(0);
    }

    private AccessTokenVerifier verifier(Duration lifespan, Duration minRefresh) {
        return new AccessTokenVerifier(TestTokens.ISSUER,
                TrustedKeys.remote(URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs"), lifespan,
                        minRefresh, Duration.ofHours(4)),
                Set.of("RS256", "ES256"), 30);
    }

    @Test
    void tokenSignedWithAKeyTheRealmDoesNotHaveIs401EveryTime() throws Exception {
        AccessTokenVerifier verifier = verifier(Duration.ofMinutes(15), Duration.ofSeconds(30));
        String foreign = TestTokens.sign(TestTokens.samAccessToken().build(), TestTokens.generate("not-the-realms"));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> verifier.verify(foreign)).isInstanceOf(InvalidTokenException.class);
        }
        assertThat(fetches.get()).as("the first load and one refetch, not one per token").isLessThanOrEqualTo(2);
    }

    @Test
    void tokenOfAnotherRealmIs401() {
        AccessTokenVerifier verifier = verifier(Duration.ofMinutes(15), Duration.ofSeconds(30));
        String otherRealm = TestTokens.sign(TestTokens.samAccessToken().issuer("http://127.0.0.1:18080/realms/other").build(),
                TestTokens.generate("other-realm-key"));
        assertThatThrownBy(() -> verifier.verify(otherRealm)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify(otherRealm)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void es256HeaderNamingTheRsaKeyIdIs401() throws Exception {
        AccessTokenVerifier verifier = verifier(Duration.ofMinutes(15), Duration.ofSeconds(30));
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("test-key").type(JOSEObjectType.JWT)
                .build(), TestTokens.samAccessToken().build());
        confused.sign(new ECDSASigner(attacker));
        assertThatThrownBy(() -> verifier.verify(confused.serialize())).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify(confused.serialize())).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void unknownKidIs401WhileTheRefetchIsRateLimited() throws Exception {
        AccessTokenVerifier verifier = verifier(Duration.ofMinutes(15), Duration.ofHours(1));
        assertThat(verifier.verify(TestTokens.sign(TestTokens.samAccessToken().build())).subject()).isNotNull();
        for (int i = 0; i < 20; i++) {
            String unknown = signedWithUnknownKid("unknown-" + i);
            assertThatThrownBy(() -> verifier.verify(unknown)).isInstanceOf(InvalidTokenException.class);
        }
        assertThat(fetches.get()).as("one load, one refetch; the other 19 unknown kids were rate-limited").isEqualTo(2);
    }

    @Test
    void keysThatCannotBeLoadedAtAllAre503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AccessTokenVerifier verifier = new AccessTokenVerifier(TestTokens.ISSUER,
                TrustedKeys.remote(URI.create("http://127.0.0.1:" + closedPort + "/certs"), Duration.ofMinutes(15),
                        Duration.ofSeconds(30), Duration.ofHours(4)),
                Set.of("RS256"), 30);
        assertThatThrownBy(() -> verifier.verify(TestTokens.sign(TestTokens.samAccessToken().build())))
                .isInstanceOf(SigningKeysUnavailableException.class);
    }

    @Test
    void floodOfUnknownKidsDoesNotStopARotatedKeyFromBeingPickedUp() throws Exception {
        AccessTokenVerifier verifier = verifier(Duration.ofMinutes(15), Duration.ofMillis(300));
        assertThat(verifier.verify(TestTokens.sign(TestTokens.samAccessToken().build())).subject()).isNotNull();
        try (Flood flood = new Flood(verifier)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> flood.sent.get() > 50);
            published.set(new JWKSet(java.util.List.of(TestTokens.key().toPublicJWK(), ROTATED.toPublicJWK())));
            String rotated = TestTokens.sign(TestTokens.samAccessToken().build(), ROTATED);

            await().atMost(Duration.ofSeconds(5)).ignoreException(InvalidTokenException.class)
                    .until(() -> verifier.verify(rotated).subject() != null);
            assertThat(flood.unavailable.get()).as("no unknown kid was answered as an outage").isZero();
        }
    }

    @Test
    void floodOfUnknownKidsDoesNotDelayTheRefreshAheadOfTheRealKeys() throws Exception {
        // the unknown-kid refetch is spent at once and not due again for an hour: only the refresh-ahead can help
        AccessTokenVerifier verifier = verifier(Duration.ofSeconds(2), Duration.ofHours(1));
        assertThat(verifier.verify(TestTokens.sign(TestTokens.samAccessToken().build())).subject()).isNotNull();
        try (Flood flood = new Flood(verifier)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> flood.sent.get() > 50);
            published.set(new JWKSet(ROTATED.toPublicJWK()));
            String rotated = TestTokens.sign(TestTokens.samAccessToken().build(), ROTATED);

            await().atMost(Duration.ofSeconds(6)).ignoreException(InvalidTokenException.class)
                    .until(() -> verifier.verify(rotated).subject() != null);
            assertThat(flood.unavailable.get()).isZero();
        }
    }

    private static String signedWithUnknownKid(String kid) throws Exception {
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid).build(),
                TestTokens.samAccessToken().build());
        forged.sign(new RSASSASigner(TestTokens.generate(kid)));
        return forged.serialize();
    }

    /** A thread that keeps sending tokens with new unknown kids until closed. */
    private static final class Flood implements AutoCloseable {

        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Flood(AccessTokenVerifier verifier) throws Exception {
            String[] tokens = new String[16];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = signedWithUnknownKid("flood-" + i);
            }
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        verifier.verify(tokens[sent.getAndIncrement() % tokens.length]);
                    } catch (InvalidTokenException e) {
                        // expected: unknown kid
                    } catch (SigningKeysUnavailableException e) {
                        unavailable.incrementAndGet();
                    }
                }
            });
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
