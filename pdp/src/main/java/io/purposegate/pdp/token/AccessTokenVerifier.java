package io.purposegate.pdp.token;

import java.text.ParseException;
import java.util.HashSet;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;

/**
 * Verifies Keycloak access tokens with nimbus-jose-jwt (RFC 8725): signature against the realm's
 * published keys only, an explicit algorithm allow-list, the exact issuer, lifetime with a small
 * skew, and Keycloak's {@code typ} claim so that ID and refresh tokens are not accepted as access
 * tokens. Header-supplied keys ({@code jwk}, {@code jku}, {@code x5u}) are never consulted: the
 * key selector only looks keys up in the configured JWKS.
 */
public class AccessTokenVerifier {

    /** Keycloak marks access tokens with {@code "typ": "Bearer"}; ID tokens say "ID", refresh tokens "Refresh". */
    static final String KEYCLOAK_ACCESS_TOKEN_TYPE = "Bearer";

    /** RFC 9068 explicit typing of access tokens, accepted where Keycloak is set to use it. */
    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private static final Set<String> FORBIDDEN_ALGORITHMS = Set.of("none", "HS256", "HS384", "HS512");

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final VerifiedTokenCache cache;

    public AccessTokenVerifier(String issuer, JWKSource<SecurityContext> keys, Set<String> algorithms,
            long clockSkewSeconds) {
        this(issuer, keys, algorithms, clockSkewSeconds, Set.of(), VerifiedTokenCache.OFF);
    }

    public AccessTokenVerifier(String issuer, JWKSource<SecurityContext> keys, Set<String> algorithms,
            long clockSkewSeconds, Set<String> audiences) {
        this(issuer, keys, algorithms, clockSkewSeconds, audiences, VerifiedTokenCache.OFF);
    }

    /**
     * @param audiences when not empty, the token's {@code aud} must name at least one of them
     * @param cache tokens verified recently, answered without verifying them again ({@link VerifiedTokenCache#OFF}: none)
     */
    public AccessTokenVerifier(String issuer, JWKSource<SecurityContext> keys, Set<String> algorithms,
            long clockSkewSeconds, Set<String> audiences, VerifiedTokenCache cache) {
        this.cache = cache;
        Set<JWSAlgorithm> allowed = allowedAlgorithms(algorithms);
        processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, AT_JWT, null));
        processor.setJWSKeySelector(TrustedKeys.selector(allowed, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                audiences.isEmpty() ? null : Set.copyOf(audiences),
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("iss", "sub", "exp", "iat"),
                null);
        claims.setMaxClockSkew((int) clockSkewSeconds);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The allow-list as nimbus algorithms; {@code none} and HMAC are refused even in configuration. */
    static Set<JWSAlgorithm> allowedAlgorithms(Set<String> algorithms) {
        Set<JWSAlgorithm> allowed = new HashSet<>();
        for (String name : algorithms) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name.strip());
            if (FORBIDDEN_ALGORITHMS.contains(algorithm.getName()) || !JWSAlgorithm.Family.SIGNATURE.contains(algorithm)) {
                throw new IllegalArgumentException("algorithm " + name + " must not be accepted for access tokens");
            }
            allowed.add(algorithm);
        }
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("at least one token algorithm must be allowed");
        }
        return allowed;
    }

    /**
     * @param authorization the raw {@code Authorization} header value
     * @throws InvalidTokenException with a reason fit for the caller when the token is missing or untrusted
     */
    public VerifiedToken verifyAuthorizationHeader(String authorization)
            throws InvalidTokenException, SigningKeysUnavailableException {
        if (authorization == null || authorization.isBlank()) {
            throw new InvalidTokenException("a bearer access token is required");
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.regionMatches(true, 0, "Bearer", 0, space) || space != "Bearer".length()) {
            throw new InvalidTokenException("the Authorization header must use the Bearer scheme");
        }
        String token = value.substring(space + 1).strip();
        if (token.isEmpty() || token.indexOf(' ') >= 0) {
            throw new InvalidTokenException("the Authorization header must use the Bearer scheme");
        }
        return verify(token);
    }

    public VerifiedToken verify(String token) throws InvalidTokenException, SigningKeysUnavailableException {
        VerifiedToken known = cache.get(token);
        if (known != null) {
            return known;
        }
        VerifiedToken verified = verifyNow(token);
        cache.put(token, verified);
        return verified;
    }

    private VerifiedToken verifyNow(String token) throws InvalidTokenException, SigningKeysUnavailableException {
        JWTClaimsSet claims;
        SignedJWT jwt;
        try {
            StrictCompactJws.requireCanonical(token);
            jwt = SignedJWT.parse(token);
            claims = processor.process(jwt, null);
        } catch (ExpiredJWTException e) {
            throw new InvalidTokenException("the token has expired");
        } catch (BadJWTException e) {
            throw new InvalidTokenException("the token's claims are not acceptable: " + e.getMessage());
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("the token's signature or header is not acceptable: " + e.getMessage());
        } catch (ParseException e) {
            throw new InvalidTokenException("the token is not a well-formed JWT");
        } catch (KeySourceException e) {
            throw new SigningKeysUnavailableException("the realm's signing keys are unavailable", e);
        } catch (JOSEException e) {
            // the key found cannot verify this signature: untrusted
            throw new InvalidTokenException("the token's signature could not be verified");
        } catch (RuntimeException e) {
            // malformed input that nimbus rejects outside its checked exceptions
            throw new InvalidTokenException("the token is not a well-formed JWT");
        }
        Object type = claims.getClaim("typ");
        boolean typedAccessToken = AT_JWT.equals(jwt.getHeader().getType());
        if (!KEYCLOAK_ACCESS_TOKEN_TYPE.equals(type) && !(typedAccessToken && type == null)) {
            throw new InvalidTokenException("the token is not an access token (typ " + (type == null ? "absent" : type) + ")");
        }
        return new VerifiedToken(claims.toJSONObject());
    }
}
