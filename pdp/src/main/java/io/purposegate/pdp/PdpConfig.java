package io.purposegate.pdp;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import io.smallrye.config.ConfigMapping;

/** The PDP's own settings; documented in docs/pdp.md. */
@ConfigMapping(prefix = "purposegate")
public interface PdpConfig {

    Token token();

    Opa opa();

    interface Token {
        /** Exact {@code iss} every accepted token carries: the Keycloak realm URL. */
        String issuer();

        /** Where the realm's signing keys are published. */
        URI jwksUrl();

        /** JWS algorithms accepted; never {@code none} or an HMAC algorithm. */
        Set<String> algorithms();

        /** Tolerance for {@code exp}, {@code nbf} and {@code iat} between the PDP's and Keycloak's clocks. */
        Duration clockSkew();
    }

    interface Opa {
        /** Base URL of the OPA server. */
        URI url();

        /** Path of the decision document under {@code /v1/data}. */
        String decisionPath();

        /** Budget for one evaluation, connect included; past it the PDP denies. */
        Duration timeout();
    }
}
