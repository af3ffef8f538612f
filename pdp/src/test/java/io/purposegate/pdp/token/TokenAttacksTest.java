package io.purposegate.pdp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

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
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/** The classic attacks on JWT verification, each built with nimbus, each refused. */
class TokenAttacksTest {

    private static final ECKey EC_KEY = ecKey("ec-key");
    private static final RSAKey ATTACKER = TestTokens.generate("attacker");

    private final AccessTokenVerifier verifier = new AccessTokenVerifier(TestTokens.ISSUER,
            new ImmutableJWKSet<>(new JWKSet(List.of(TestTokens.key().toPublicJWK(), EC_KEY.toPublicJWK()))),
            Set.of("RS256", "ES256"), 30);

    @Test
    void es256TokenOfTheRealmIsAccepted() throws Exception {
        assertThat(verifier.verify(signEc(TestTokens.samAccessToken().build(), EC_KEY)).subject()).isNotNull();
    }

    @Test
    void algNoneIsRefused() {
        assertRefused(b64("{\"alg\":\"none\"}") + "." + payload() + ".");
        assertRefused(b64("{\"alg\":\"None\",\"typ\":\"JWT\"}") + "." + payload() + ".");
    }

    @Test
    void emptyOrNullSignatureIsRefused() {
        String header = b64("{\"alg\":\"RS256\",\"kid\":\"test-key\",\"typ\":\"JWT\"}");
        assertRefused(header + "." + payload() + ".");
        assertRefused(header + "." + payload() + "." + b64("null"));
        assertRefused(header + "." + payload());
    }

    @Test
    void psychicSignatureWithRAndSZeroIsRefused() {
        // CVE-2022-21449: r = s = 0 verifies any message on broken ECDSA implementations
        String header = b64("{\"alg\":\"ES256\",\"kid\":\"ec-key\",\"typ\":\"JWT\"}");
        String zeros = Base64URL.encode(new byte[64]).toString();
        assertRefused(header + "." + payload() + "." + zeros);
    }

    @Test
    void embeddedJwkOfTheAttackerIsIgnored() throws Exception {
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .jwk(ATTACKER.toPublicJWK()).build(), TestTokens.samAccessToken().build());
        forged.sign(new RSASSASigner(ATTACKER));
        assertRefused(forged.serialize());
    }

    @Test
    void jkuAndX5uPointingAtTheAttackerAreIgnored() throws Exception {
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID("attacker")
                .jwkURL(URI.create("https://attacker.example/jwks.json"))
                .x509CertURL(URI.create("https://attacker.example/cert.pem")).build(), TestTokens.samAccessToken().build());
        forged.sign(new RSASSASigner(ATTACKER));
        assertRefused(forged.serialize());
    }

    @Test
    void kidWithPathOrSqlInjectionFindsNoKey() throws Exception {
        for (String kid : List.of("../../../../dev/null", "' OR '1'='1", "test-key'; DROP TABLE keys; --", "")) {
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(kid).build(), TestTokens.samAccessToken().build());
            forged.sign(new RSASSASigner(ATTACKER));
            assertRefused(forged.serialize());
        }
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() {
        Instant now = Instant.now();
        assertRefused(TestTokens.sign(TestTokens.samAccessToken()
                .issueTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(31))).build()));
        assertRefused(TestTokens.sign(TestTokens.samAccessToken().notBeforeTime(Date.from(now.plusSeconds(120))).build()));
    }

    @Test
    void clockSkewIsTolerated() throws Exception {
        Instant now = Instant.now();
        String justExpired = TestTokens.sign(TestTokens.samAccessToken()
                .issueTime(Date.from(now.minusSeconds(300))).expirationTime(Date.from(now.minusSeconds(5))).build());
        assertThat(verifier.verify(justExpired).subject()).isNotNull();
    }

    @Test
    void wrongIssuerAndAnotherRealmAreRefused() {
        assertRefused(TestTokens.sign(TestTokens.samAccessToken().issuer("http://127.0.0.1:18080/realms/demo/").build()));
        RSAKey otherRealm = TestTokens.generate("other-realm-key");
        assertRefused(TestTokens.sign(TestTokens.samAccessToken().issuer("http://127.0.0.1:18080/realms/other").build(), otherRealm));
    }

    @Test
    void wrongAudienceIsRefusedWhereAnAudienceIsConfigured() throws Exception {
        AccessTokenVerifier withAudience = new AccessTokenVerifier(TestTokens.ISSUER,
                new ImmutableJWKSet<>(new JWKSet(TestTokens.key().toPublicJWK())), Set.of("RS256"), 30, Set.of("crm-api"));

        assertThat(withAudience.verify(TestTokens.sign(TestTokens.samAccessToken().audience(List.of("account", "crm-api")).build()))
                .subject()).isNotNull();
        assertThatThrownBy(() -> withAudience.verify(TestTokens.sign(TestTokens.samAccessToken().audience("account").build())))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> withAudience.verify(TestTokens.sign(TestTokens.samAccessToken().build())))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void idRefreshAndUntypedTokensAreNotAccessTokens() {
        assertRefused(TestTokens.sign(TestTokens.samAccessToken().claim("typ", "ID").build()));
        assertRefused(TestTokens.sign(TestTokens.samAccessToken().claim("typ", "Refresh").build()));
        assertRefused(TestTokens.sign(TestTokens.samAccessToken().claim("typ", "Logout").build()));
        assertRefused(TestTokens.sign(TestTokens.samAccessToken().claim("typ", null).build()));
    }

    @Test
    void explicitlyTypedAccessTokenIsAccepted() throws Exception {
        SignedJWT typed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test-key")
                .type(new JOSEObjectType("at+jwt")).build(), TestTokens.samAccessToken().claim("typ", null).build());
        typed.sign(new RSASSASigner(TestTokens.key()));
        assertThat(verifier.verify(typed.serialize()).subject()).isNotNull();
    }

    @Test
    void consentEventIsNotAnAccessToken() throws Exception {
        SignedJWT event = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test-key")
                .type(new JOSEObjectType("purposegate-consent-event+jwt")).build(), TestTokens.samAccessToken().build());
        event.sign(new RSASSASigner(TestTokens.key()));
        assertRefused(event.serialize());
    }

    @Test
    void unknownKidsDoNotMakeThePdpFetchTheJwksRepeatedly() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new JWKSet(TestTokens.key().toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
        try {
            AccessTokenVerifier remote = new AccessTokenVerifier(TestTokens.ISSUER,
                    TrustedKeys.remote(URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs"),
                            Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofHours(4)),
                    Set.of("RS256"), 30);
            String good = TestTokens.sign(TestTokens.samAccessToken().build());
            assertThat(remote.verify(good).subject()).isNotNull();
            int afterFirst = fetches.get();

            for (int i = 0; i < 50; i++) {
                String genuine = TestTokens.sign(TestTokens.samAccessToken().build(), TestTokens.key().toRSAKey());
                SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                        .keyID("rotated-" + i).build(), TestTokens.samAccessToken().build());
                forged.sign(new RSASSASigner(ATTACKER));
                assertThatThrownBy(() -> remote.verify(forged.serialize())).isInstanceOf(InvalidTokenException.class);
                assertThat(remote.verify(genuine).subject()).isNotNull();
            }

            assertThat(afterFirst).isEqualTo(1);
            // one refetch per interval, whatever the number of unknown kids
            assertThat(fetches.get()).isLessThanOrEqualTo(2);
        } finally {
            jwks.stop(0);
        }
    }

    private void assertRefused(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    private static String payload() {
        return b64(TestTokens.samAccessToken().build().toString());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String signEc(JWTClaimsSet claims, ECKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
