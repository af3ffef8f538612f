package io.purposegate.pdp.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.purposegate.pdp.PdpConfig;

/** Builds the realm's key source and the access-token verifier from configuration; the JWKS cache lives as long as the application. */
public class TokenVerification {

    @Produces
    @ApplicationScoped
    JWKSource<SecurityContext> realmKeys(PdpConfig config) {
        PdpConfig.Token token = config.token();
        return TrustedKeys.remote(token.jwksUrl(), token.jwksCacheLifespan(), token.jwksMinRefreshInterval(),
                token.jwksOutageTolerance());
    }

    @Produces
    @ApplicationScoped
    AccessTokenVerifier accessTokenVerifier(PdpConfig config, JWKSource<SecurityContext> realmKeys) {
        PdpConfig.Token token = config.token();
        return new AccessTokenVerifier(token.issuer(), realmKeys, token.algorithms(), token.clockSkew().toSeconds(),
                token.audiences().orElse(java.util.Set.of()),
                new VerifiedTokenCache(token.cacheSize(), token.cacheTtl(), java.time.Clock.systemUTC()));
    }
}
