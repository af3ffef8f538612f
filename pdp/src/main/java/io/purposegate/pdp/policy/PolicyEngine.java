package io.purposegate.pdp.policy;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.purposegate.pdp.PdpConfig;

/** Asks OPA for {@code data.purposegate.access.decision}; every failure surfaces as "no decision", never as allow. */
@ApplicationScoped
public class PolicyEngine {

    private final OpaClient opa;
    private final OpaClient batchOpa;
    private final String decisionPath;
    private final String batchPath;
    private final String bundleName;

    /** A decision and the revision of the policy bundle that made it (null when OPA runs without our bundle). */
    public record Answer(PolicyDecision decision, String policyRevision) {
    }

    /** One decision per input of a batch, in the inputs' order, and the bundle revision that made them. */
    public record BatchAnswer(List<PolicyDecision> decisions, String policyRevision) {
    }

    @jakarta.inject.Inject
    PolicyEngine(PdpConfig config) {
        this(new OpaClient(config.opa().url(), config.opa().timeout()),
                new OpaClient(config.opa().url(),
                        config.opa().batchTimeout().compareTo(config.opa().timeout()) < 0
                                ? config.opa().timeout() : config.opa().batchTimeout()),
                config.opa().decisionPath(), config.opa().batchPath(), config.bundle().name());
    }

    PolicyEngine(OpaClient opa, OpaClient batchOpa, String decisionPath, String batchPath, String bundleName) {
        this.opa = opa;
        this.batchOpa = batchOpa;
        this.decisionPath = decisionPath;
        this.batchPath = batchPath;
        this.bundleName = bundleName;
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
     * Decides many inputs in one evaluation of the batch document with {@code {"items": inputs}}. All or
     * nothing: an answer that is not exactly one well-formed decision per input is no decision at all.
     */
    public BatchAnswer decideAll(List<?> inputs) throws PolicyEngineUnavailableException {
        OpaClient.Evaluation<PolicyDecision[]> evaluation = batchOpa.evaluateWithProvenance(batchPath, Map.of("items", inputs),
                PolicyDecision[].class);
        PolicyDecision[] decisions = evaluation.result();
        if (decisions.length != inputs.size()) {
            throw new PolicyEngineUnavailableException("the decisions " + batchPath + " number " + decisions.length
                    + " for " + inputs.size() + " inputs");
        }
        for (PolicyDecision decision : decisions) {
            if (decision == null || !decision.wellFormed()) {
                throw new PolicyEngineUnavailableException("a decision of " + batchPath + " does not have the expected shape");
            }
        }
        return new BatchAnswer(List.of(decisions), evaluation.bundleRevisions().get(bundleName));
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
        batchOpa.close();
    }
}
