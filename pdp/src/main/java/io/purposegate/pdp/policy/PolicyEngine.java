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
    private final String bundleName;

    /** A decision and the revision of the policy bundle that made it (null when OPA runs without our bundle). */
    public record Answer(PolicyDecision decision, String policyRevision) {
    }

    PolicyEngine(PdpConfig config) {
        this.opa = new OpaClient(config.opa().url(), config.opa().timeout());
        this.decisionPath = config.opa().decisionPath();
        this.bundleName = config.bundle().name();
    }

    public Answer decide(Object input) throws PolicyEngineUnavailableException {
        OpaClient.Evaluation<PolicyDecision> evaluation = opa.evaluateWithProvenance(decisionPath, input, PolicyDecision.class);
        PolicyDecision decision = evaluation.result();
        if (!decision.wellFormed()) {
            throw new PolicyEngineUnavailableException("the decision " + decisionPath + " does not have the expected shape");
        }
        return new Answer(decision, evaluation.bundleRevisions().get(bundleName));
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
