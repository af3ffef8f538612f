package io.purposegate.pdp.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.purposegate.pdp.PdpConfig;

/** Builds the one verifier of the PDP from configuration; its JWKS cache lives as long as the application. */
public class TokenVerification {

    @Produces
    @ApplicationScoped
    AccessTokenVerifier accessTokenVerifier(PdpConfig config) {
        PdpConfig.Token token = config.token();
        return AccessTokenVerifier.forJwksUrl(token.issuer(), token.jwksUrl(), token.algorithms(),
                token.clockSkew().toSeconds());
    }
}
