package io.purposegate.pdp.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/** Not ready while the realm's signing keys cannot be had: every token would be answered 503. Also loads them before the first decision. */
@Readiness
@ApplicationScoped
public class SigningKeysReadiness implements HealthCheck {

    private final JWKSource<SecurityContext> realmKeys;

    SigningKeysReadiness(JWKSource<SecurityContext> realmKeys) {
        this.realmKeys = realmKeys;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int keys = realmKeys.get(new JWKSelector(new JWKMatcher.Builder().build()), null).size();
            return HealthCheckResponse.named("jwks").status(keys > 0).withData("keys", keys).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("jwks").down().build();
        }
    }
}
