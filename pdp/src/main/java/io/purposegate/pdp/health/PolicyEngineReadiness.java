package io.purposegate.pdp.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.purposegate.pdp.policy.PolicyEngine;
import io.purposegate.pdp.policy.PolicyLoader;
import io.purposegate.pdp.policy.wasm.CompiledPolicy;

/**
 * Not ready while the policy cannot decide (every decision would be denied), nor while the compiled policy is still
 * being built and warmed for the first time: a PDP takes traffic once it evaluates in-process. If that first load
 * fails, the PDP is ready on the fallback (the OPA server) when it is configured, and says which engine decides.
 */
@Readiness
@ApplicationScoped
public class PolicyEngineReadiness implements HealthCheck {

    private final PolicyEngine engine;
    private final PolicyLoader loader;

    PolicyEngineReadiness(PolicyEngine engine, PolicyLoader loader) {
        this.engine = engine;
        this.loader = loader;
    }

    @Override
    public HealthCheckResponse call() {
        CompiledPolicy compiled = engine.compiled();
        if (compiled != null && !compiled.ready() && !loader.firstLoadFailed()) {
            return HealthCheckResponse.named("policy").down().withData("engine", "compiling").build();
        }
        boolean decides = engine.decides();
        String decidingEngine = compiled != null && compiled.ready() ? "wasm" : "opa";
        var response = HealthCheckResponse.named("policy").status(decides).withData("engine", decidingEngine);
        if (compiled != null && compiled.ready()) {
            response.withData("revision", String.valueOf(compiled.revision()))
                    .withData("data_version", String.valueOf(compiled.dataVersion()));
        }
        return response.build();
    }
}
