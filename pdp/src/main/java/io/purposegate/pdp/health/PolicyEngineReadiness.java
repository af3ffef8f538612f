package io.purposegate.pdp.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.purposegate.pdp.policy.PolicyEngine;

/** Not ready while OPA cannot decide: every decision would be denied. */
@Readiness
@ApplicationScoped
public class PolicyEngineReadiness implements HealthCheck {

    private final PolicyEngine engine;

    PolicyEngineReadiness(PolicyEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("opa").status(engine.decides()).build();
    }
}
