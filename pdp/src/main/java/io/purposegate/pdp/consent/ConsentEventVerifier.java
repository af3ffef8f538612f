package io.purposegate.pdp.consent;

import java.text.ParseException;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import io.purposegate.pdp.token.InvalidTokenException;
import io.purposegate.pdp.token.SigningKeysUnavailableException;
import io.purposegate.pdp.token.TrustedKeys;

/**
 * Checks a consent event delivered by Keycloak's outbox: a compact JWS typed
 * {@code purposegate-consent-event+jwt} (so no access token passes for an event), RS256 with the realm's
 * keys, the realm as issuer, the PDP as audience, within its lifetime.
 */
public class ConsentEventVerifier {

    public static final JOSEObjectType EVENT_TYPE = new JOSEObjectType("purposegate-consent-event+jwt");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public ConsentEventVerifier(String issuer, String audience, JWKSource<SecurityContext> realmKeys, long clockSkewSeconds) {
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(EVENT_TYPE));
        processor.setJWSKeySelector(TrustedKeys.selector(Set.of(JWSAlgorithm.RS256), realmKeys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("iss", "aud", "iat", "exp", "jti", "event"));
        claims.setMaxClockSkew((int) clockSkewSeconds);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * @throws InvalidTokenException when the body is not a consent event signed by the realm
     * @throws IllegalArgumentException when it is signed but its {@code event} is not an object of the expected shape
     */
    public ConsentEvent verify(String compactJws) throws InvalidTokenException, SigningKeysUnavailableException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(compactJws == null ? "" : compactJws.strip(), null);
        } catch (ParseException | BadJOSEException e) {
            throw new InvalidTokenException("the body is not a consent event signed by the realm: " + e.getMessage());
        } catch (KeySourceException e) {
            throw new SigningKeysUnavailableException("the realm's signing keys are unavailable", e);
        } catch (JOSEException | RuntimeException e) {
            throw new InvalidTokenException("the consent event's signature could not be verified");
        }
        Object event = claims.getClaim("event");
        if (!(event instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("the event claim must be an object");
        }
        return JSON.convertValue(event, ConsentEvent.class);
    }
}
