package io.purposegate.pdp.policy;

import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.purposegate.pdp.PdpConfig;

/** Asks OPA for {@code data.purposegate.access.decision}; every failure surfaces as "no decision", never as allow. */
@ApplicationScoped
public class PolicyEngine {

    private final OpaClient opa;
    private final String decisionPath;

    PolicyEngine(PdpConfig config) {
        this.opa = new OpaClient(config.opa().url(), config.opa().timeout());
        this.decisionPath = config.opa().decisionPath();
    }

    public PolicyDecision decide(Object input) throws PolicyEngineUnavailableException {
        PolicyDecision decision = opa.evaluate(decisionPath, input, PolicyDecision.class);
        if (!decision.wellFormed()) {
            throw new PolicyEngineUnavailableException("the decision " + decisionPath + " does not have the expected shape");
        }
        return decision;
    }

    /**
     * True when OPA answers the decision document with a well-formed decision. Used for readiness, so
     * a PDP reports ready only when decisions work, and its first real decision finds a warm client.
     */
    public boolean decides() {
        try {
            decide(Map.of());
            return true;
        } catch (PolicyEngineUnavailableException e) {
            return false;
        }
    }

    @PreDestroy
    void close() {
        opa.close();
    }
}
