package io.purposegate.pdp.token;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Keycloak-shaped access tokens signed with a test key, for tests that fake the identity provider. */
public final class TestTokens {

    public static final String ISSUER = "http://127.0.0.1:18080/realms/demo";

    private static final RSAKey KEY = generate("test-key");

    private TestTokens() {
    }

    public static RSAKey key() {
        return KEY;
    }

    public static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims as Keycloak writes them for {@code sam} through {@code support-console}. */
    public static JWTClaimsSet.Builder samAccessToken() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("00000000-0000-4000-8000-000000000005")
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("typ", "Bearer")
                .claim("azp", "support-console")
                .claim("preferred_username", "sam")
                .claim("realm_access", Map.of("roles", List.of("support-agent", "staff")))
                .claim("purposes", List.of("service", "support"));
    }

    /** An access token of {@code username} (user id {@code userId}) with these realm roles. */
    public static JWTClaimsSet.Builder accessToken(String userId, String username, String clientId, List<String> roles) {
        return samAccessToken().subject(userId).claim("preferred_username", username).claim("azp", clientId)
                .claim("realm_access", Map.of("roles", roles));
    }

    /** A consent event as Keycloak's outbox signs it (docs/interfaces.md §3). */
    public static String consentEvent(Map<String, Object> event) {
        return consentEvent(event, new JOSEObjectType("purposegate-consent-event+jwt"), "purposegate-pdp");
    }

    public static String consentEvent(Map<String, Object> event, JOSEObjectType type, String audience) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString()).claim("event", event).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).type(type).build(), claims);
            jwt.sign(new RSASSASigner(KEY));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JWTClaimsSet claims) {
        return sign(claims, KEY);
    }

    public static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
