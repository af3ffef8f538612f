package io.purposegate.pdp.token;

import java.net.MalformedURLException;
import java.net.URI;
import java.security.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * Where signature keys come from, and which key may check which signature. Keys come only from the
 * realm's JWKS, never from the token header ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c} are
 * ignored). A key that names its own {@code alg} is used for that algorithm only (no RSA key for
 * PS256 when it says RS256, RFC 8725 §3.1); a key marked for encryption, or whose {@code key_ops}
 * do not include {@code verify}, is never used.
 */
public final class TrustedKeys {

    private TrustedKeys() {
    }

    /**
     * The realm's JWKS with nimbus' caching, refresh-ahead (scheduled, so no request thread fetches in steady state),
     * retry and outage tolerance (the last keys stay usable while Keycloak is down), behind {@link RealmKeySource}:
     * an unknown {@code kid} makes at most one refetch per {@code minRefreshInterval} and is then simply not found
     * (401), and those refetches are not charged to the refresh-ahead of the real keys.
     */
    public static JWKSource<SecurityContext> remote(URI jwksUrl, Duration cacheLifespan, Duration minRefreshInterval,
            Duration outageTolerance) {
        return remote(jwksUrl, cacheLifespan, minRefreshInterval, outageTolerance, System::currentTimeMillis);
    }

    static JWKSource<SecurityContext> remote(URI jwksUrl, Duration cacheLifespan, Duration minRefreshInterval,
            Duration outageTolerance, java.util.function.LongSupplier clock) {
        JWKSource<SecurityContext> cached;
        try {
            cached = JWKSourceBuilder.<SecurityContext>create(jwksUrl.toURL())
                    .cache(cacheLifespan.toMillis(), Math.min(15_000L, cacheLifespan.toMillis() / 2))
                    .refreshAheadCache(Math.min(30_000L, cacheLifespan.toMillis() / 4), true)
                    // unknown kids are rate-limited by RealmKeySource, which answers "no key" instead of failing
                    .rateLimited(false)
                    .retrying(true)
                    .outageTolerant(outageTolerance.toMillis())
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("invalid JWKS URL " + jwksUrl, e);
        }
        return new RealmKeySource<>(((JWKSetBasedJWKSource<SecurityContext>) cached).getJWKSetSource(),
                minRefreshInterval.toMillis(), clock);
    }

    /** Selects, for a JWS header, the realm keys that may verify it: allowed algorithm, matching kid, type and alg. */
    public static <C extends SecurityContext> JWSKeySelector<C> selector(Set<JWSAlgorithm> allowed, JWKSource<C> keys) {
        return new StrictKeySelector<>(allowed, keys);
    }

    private static final class StrictKeySelector<C extends SecurityContext> extends JWSVerificationKeySelector<C> {

        StrictKeySelector(Set<JWSAlgorithm> allowed, JWKSource<C> keys) {
            super(allowed, keys);
        }

        @Override
        public List<Key> selectJWSKeys(JWSHeader header, C context) throws KeySourceException {
            if (!isAllowed(header.getAlgorithm())) {
                return List.of();
            }
            JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
            if (matcher == null) {
                return List.of();
            }
            List<Key> selected = new ArrayList<>();
            for (JWK jwk : getJWKSource().get(new JWKSelector(matcher), context)) {
                boolean forSigning = jwk.getKeyUse() == null || KeyUse.SIGNATURE.equals(jwk.getKeyUse());
                boolean mayVerify = jwk.getKeyOperations() == null
                        || jwk.getKeyOperations().contains(com.nimbusds.jose.jwk.KeyOperation.VERIFY);
                boolean forThisAlgorithm = jwk.getAlgorithm() == null || jwk.getAlgorithm().equals(header.getAlgorithm());
                if (forSigning && mayVerify && forThisAlgorithm) {
                    Key key = publicKeyOf(jwk);
                    if (key != null) {
                        selected.add(key);
                    }
                }
            }
            return selected;
        }

        private static Key publicKeyOf(JWK jwk) {
            try {
                if (jwk instanceof RSAKey rsa) {
                    return rsa.toRSAPublicKey();
                }
                if (jwk instanceof ECKey ec) {
                    return ec.toECPublicKey();
                }
                return jwk instanceof OctetSequenceKey oct ? oct.toSecretKey() : null;
            } catch (JOSEException e) {
                return null;
            }
        }
    }
}
