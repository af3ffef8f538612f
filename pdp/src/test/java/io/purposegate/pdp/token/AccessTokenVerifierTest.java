package io.purposegate.pdp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

class AccessTokenVerifierTest {

    private final AccessTokenVerifier verifier = new AccessTokenVerifier(TestTokens.ISSUER,
            new ImmutableJWKSet<>(new JWKSet(TestTokens.key().toPublicJWK())), Set.of("RS256", "ES256"), 30);

    @Test
    void keycloakAccessTokenIsAcceptedWithItsClaims() throws Exception {
        VerifiedToken token = verifier.verifyAuthorizationHeader("Bearer " + TestTokens.sign(TestTokens.samAccessToken().build()));

        assertThat(token.subject()).isEqualTo("00000000-0000-4000-8000-000000000005");
        assertThat(token.clientId()).isEqualTo("support-console");
        assertThat(token.username()).isEqualTo("sam");
        assertThat(token.realmRoles()).containsExactly("support-agent", "staff");
        assertThat(token.claims()).containsEntry("purposes", java.util.List.of("service", "support"));
    }

    @Test
    void missingAuthorizationIsRejected() {
        assertThatThrownBy(() -> verifier.verifyAuthorizationHeader(null))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("bearer access token is required");
        assertThatThrownBy(() -> verifier.verifyAuthorizationHeader("Basic c2FtOnNhbQ=="))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("Bearer scheme");
        assertThatThrownBy(() -> verifier.verifyAuthorizationHeader("Bearer"))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("Bearer scheme");
        assertThatThrownBy(() -> verifier.verifyAuthorizationHeader("BearerX abc"))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("Bearer scheme");
        assertThatThrownBy(() -> verifier.verifyAuthorizationHeader("Bearer abc def"))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("Bearer scheme");
    }

    @Test
    void theSchemeIsCaseInsensitiveAndExtraSpacesAreTolerated() throws Exception {
        String token = TestTokens.sign(TestTokens.samAccessToken().build());

        assertThat(verifier.verifyAuthorizationHeader("bearer " + token).username()).isEqualTo("sam");
        assertThat(verifier.verifyAuthorizationHeader("  BEARER   " + token + " ").username()).isEqualTo("sam");
    }

    @Test
    void expiredTokenIsRejected() {
        Instant past = Instant.now().minusSeconds(3600);
        String token = TestTokens.sign(TestTokens.samAccessToken()
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))).build());

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
    }

    @Test
    void tokenFromAnotherIssuerIsRejected() {
        String token = TestTokens.sign(TestTokens.samAccessToken().issuer("http://127.0.0.1:18080/realms/other").build());

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void idTokenIsNotAnAccessToken() {
        String token = TestTokens.sign(TestTokens.samAccessToken().claim("typ", "ID").build());

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("not an access token");
    }

    @Test
    void tokenSignedByAnUnknownKeyIsRejected() {
        String token = TestTokens.sign(TestTokens.samAccessToken().build(), TestTokens.generate("test-key"));

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void unsignedTokenIsRejected() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64(TestTokens.samAccessToken().build().toString());

        assertThatThrownBy(() -> verifier.verify(header + "." + payload + ".")).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void hmacSignedWithThePublicKeyIsRejected() throws Exception {
        // RS256 -> HS256 key confusion: the attacker signs with the public key as an HMAC secret
        byte[] publicKeyBytes = TestTokens.key().toRSAPublicKey().getEncoded();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("test-key").build(),
                TestTokens.samAccessToken().build());
        forged.sign(new MACSigner(publicKeyBytes));

        assertThatThrownBy(() -> verifier.verify(forged.serialize())).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void alteredPayloadFailsTheSignature() {
        String[] parts = TestTokens.sign(TestTokens.samAccessToken().build()).split("\\.");
        String tampered = b64(TestTokens.samAccessToken().claim("purposes", java.util.List.of("marketing")).build().toString());

        assertThatThrownBy(() -> verifier.verify(parts[0] + "." + tampered + "." + parts[2]))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void garbageIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> verifier.verify("not-a-jwt-secret-value"))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void missingRequiredClaimsAreRejected() {
        JWTClaimsSet withoutSubject = new JWTClaimsSet.Builder(TestTokens.samAccessToken().build()).subject(null).build();

        assertThatThrownBy(() -> verifier.verify(TestTokens.sign(withoutSubject))).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void unreachableSigningKeysAreNotMistakenForABadToken() {
        AccessTokenVerifier withoutKeys = new AccessTokenVerifier(TestTokens.ISSUER, (selector, context) -> {
            throw new com.nimbusds.jose.KeySourceException("JWKS endpoint unreachable");
        }, Set.of("RS256"), 30);

        assertThatThrownBy(() -> withoutKeys.verify(TestTokens.sign(TestTokens.samAccessToken().build())))
                .isInstanceOf(SigningKeysUnavailableException.class);
    }

    @Test
    void hmacAndNoneCannotBeConfigured() {
        ImmutableJWKSet<com.nimbusds.jose.proc.SecurityContext> keys = new ImmutableJWKSet<>(new JWKSet());
        assertThatThrownBy(() -> new AccessTokenVerifier(TestTokens.ISSUER, keys, Set.of("HS256"), 30))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessTokenVerifier(TestTokens.ISSUER, keys, Set.of("none"), 30))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
