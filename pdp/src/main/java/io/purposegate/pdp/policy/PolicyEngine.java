package io.purposegate.pdp.policy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.purposegate.pdp.PdpConfig;
import io.purposegate.pdp.policy.wasm.CompiledPolicy;

/**
 * Decides with the policy: in-process through OPA's compiled policy ({@link CompiledPolicy}) by default, or by asking
 * the OPA server ({@code purposegate.policy.engine=opa}, and the fallback while the compiled policy is not loaded).
 * Every failure surfaces as "no decision", never as allow; a full evaluation queue as {@link PolicyOverloadedException}.
 */
@ApplicationScoped
public class PolicyEngine {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final OpaClient opa;
    private final OpaClient batchOpa;
    private final String decisionPath;
    private final String batchPath;
    private final String bundleName;
    private final CompiledPolicy compiled;
    private final boolean fallbackToOpa;
    private final DifferentialCheck differential;
    private final Counter fallbacks;

    /** A decision, the revision of the policy and the version of the data that made it (null when unknown). */
    public record Answer(PolicyDecision decision, String policyRevision, String dataVersion) {
    }

    /** One decision per input of a batch, in the inputs' order, and the revision and data version that made them. */
    public record BatchAnswer(List<PolicyDecision> decisions, String policyRevision, String dataVersion) {
    }

    @jakarta.inject.Inject
    PolicyEngine(PdpConfig config, MeterRegistry metrics) {
        this(new OpaClient(config.opa().url(), config.opa().timeout()),
                new OpaClient(config.opa().url(),
                        config.opa().batchTimeout().compareTo(config.opa().timeout()) < 0
                                ? config.opa().timeout() : config.opa().batchTimeout()),
                config.opa().decisionPath(), config.opa().batchPath(), config.bundle().name(),
                config.policy().engine() == PdpConfig.Policy.Engine.WASM ? compiledPolicy(config, metrics) : null,
                config.policy().fallback() == PdpConfig.Policy.Fallback.OPA,
                new DifferentialCheck(new OpaClient(config.opa().url(), config.opa().batchTimeout()), config.bundle().name(),
                        config.policy().differential().sampleRate(), config.policy().differential().queueSize(), metrics),
                metrics);
    }

    PolicyEngine(OpaClient opa, OpaClient batchOpa, String decisionPath, String batchPath, String bundleName) {
        this(opa, batchOpa, decisionPath, batchPath, bundleName, null, true, null, null);
    }

    public PolicyEngine(OpaClient opa, OpaClient batchOpa, String decisionPath, String batchPath, String bundleName,
            CompiledPolicy compiled, boolean fallbackToOpa, DifferentialCheck differential, MeterRegistry metrics) {
        this.opa = opa;
        this.batchOpa = batchOpa;
        this.decisionPath = decisionPath;
        this.batchPath = batchPath;
        this.bundleName = bundleName;
        this.compiled = compiled;
        this.fallbackToOpa = fallbackToOpa;
        this.differential = differential;
        this.fallbacks = metrics == null ? null : metrics.counter("purposegate.policy.fallback");
        if (metrics != null && compiled != null) {
            Gauge.builder("purposegate.policy.instances.idle", compiled, CompiledPolicy::idleInstances)
                    .description("instances of the compiled policy free for an evaluation").register(metrics);
            Gauge.builder("purposegate.admission.waiting", compiled, CompiledPolicy::waiting)
                    .description("decisions waiting for an evaluation slot").register(metrics);
            Gauge.builder("purposegate.policy.compiled.loaded", compiled, c -> c.ready() ? 1 : 0)
                    .description("1 when decisions are evaluated in-process by the compiled policy").register(metrics);
        }
    }

    private static CompiledPolicy compiledPolicy(PdpConfig config, MeterRegistry metrics) {
        PdpConfig.Policy policy = config.policy();
        int instances = policy.instances() > 0 ? policy.instances() : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        Counter shed = metrics.counter("purposegate.admission.shed");
        return new CompiledPolicy(new CompiledPolicy.Settings(instances, policy.warmupEvaluations(), policy.maxMemoryPages(),
                config.admission().queueTimeout(), config.admission().maxWaiting()), config.opa().decisionPath(),
                warmupInputs(), shed::increment);
    }

    /** Inputs each new instance evaluates before serving: representative allows and denials of the shipped policy. */
    static List<byte[]> warmupInputs() {
        try (InputStream in = PolicyEngine.class.getResourceAsStream("/policy/warmup-inputs.json")) {
            if (in == null) {
                return List.of();
            }
            List<byte[]> inputs = new ArrayList<>();
            for (JsonNode input : JSON.readTree(in)) {
                inputs.add(JSON.writeValueAsBytes(input));
            }
            return inputs;
        } catch (IOException e) {
            throw new IllegalStateException("the policy warm-up inputs are unreadable", e);
        }
    }

    /** The compiled policy, or null when the PDP asks the OPA server for every decision. */
    public CompiledPolicy compiled() {
        return compiled;
    }

    public String decisionPath() {
        return decisionPath;
    }

    public String batchPath() {
        return batchPath;
    }

    public Answer decide(Object input) throws PolicyEngineUnavailableException, PolicyOverloadedException {
        if (useCompiled()) {
            CompiledPolicy.Evaluation evaluation = compiled.evaluate(decisionPath, bytes(input));
            JsonNode result = result(evaluation.resultSet(), decisionPath);
            PolicyDecision decision = decision(result, decisionPath);
            if (differential != null) {
                differential.offer(decisionPath, input, result, evaluation.revision(), "a decision");
            }
            return new Answer(decision, evaluation.revision(), evaluation.dataVersion());
        }
        OpaClient.Evaluation<PolicyDecision> evaluation = opa.evaluateWithProvenance(decisionPath, input, PolicyDecision.class);
        PolicyDecision decision = evaluation.result();
        if (!decision.wellFormed()) {
            throw new PolicyEngineUnavailableException("the decision " + decisionPath + " does not have the expected shape");
        }
        return new Answer(decision, evaluation.bundleRevisions().get(bundleName), null);
    }

    /**
     * Decides many inputs in one evaluation of the batch document with {@code {"items": inputs}}. All or
     * nothing: an answer that is not exactly one well-formed decision per input is no decision at all.
     */
    public BatchAnswer decideAll(List<?> inputs) throws PolicyEngineUnavailableException, PolicyOverloadedException {
        Map<String, Object> batch = Map.of("items", inputs);
        List<PolicyDecision> decisions;
        String revision;
        String dataVersion = null;
        if (useCompiled()) {
            CompiledPolicy.Evaluation evaluation = compiled.evaluate(batchPath, bytes(batch));
            JsonNode result = result(evaluation.resultSet(), batchPath);
            if (!result.isArray()) {
                throw new PolicyEngineUnavailableException("the decisions " + batchPath + " are not an array");
            }
            decisions = new ArrayList<>(result.size());
            for (JsonNode item : result) {
                decisions.add(decision(item, batchPath));
            }
            if (differential != null) {
                differential.offer(batchPath, batch, result, evaluation.revision(), "a batch of " + inputs.size());
            }
            revision = evaluation.revision();
            dataVersion = evaluation.dataVersion();
        } else {
            OpaClient.Evaluation<PolicyDecision[]> evaluation = batchOpa.evaluateWithProvenance(batchPath, batch,
                    PolicyDecision[].class);
            decisions = new ArrayList<>(java.util.Arrays.asList(evaluation.result()));
            for (PolicyDecision decision : decisions) {
                if (decision == null || !decision.wellFormed()) {
                    throw new PolicyEngineUnavailableException("a decision of " + batchPath + " does not have the expected shape");
                }
            }
            revision = evaluation.bundleRevisions().get(bundleName);
        }
        if (decisions.size() != inputs.size()) {
            throw new PolicyEngineUnavailableException("the decisions " + batchPath + " number " + decisions.size()
                    + " for " + inputs.size() + " inputs");
        }
        return new BatchAnswer(List.copyOf(decisions), revision, dataVersion);
    }

    /** The compiled policy when it is loaded; else the OPA server, or no decision at all when fallback is off. */
    private boolean useCompiled() throws PolicyEngineUnavailableException {
        if (compiled == null) {
            return false;
        }
        if (compiled.ready()) {
            return true;
        }
        if (!fallbackToOpa) {
            throw new PolicyEngineUnavailableException("the compiled policy is not loaded and the fallback to OPA is off");
        }
        if (fallbacks != null) {
            fallbacks.increment();
        }
        return false;
    }

    /**
     * True when the engine answers the decision document with a well-formed decision (or is too busy to take one
     * more: overload is shed per request, never by readiness). Used for readiness, so a PDP reports ready only when
     * decisions work, and its first real decision finds a warm engine.
     */
    public boolean decides() {
        try {
            decide(Map.of());
            return true;
        } catch (PolicyOverloadedException busy) {
            return true; // loaded and deciding, only busy: taking the PDP out of rotation would shift its load elsewhere
        } catch (PolicyEngineUnavailableException e) {
            return false;
        }
    }

    private static byte[] bytes(Object input) throws PolicyEngineUnavailableException {
        try {
            return JSON.writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw new PolicyEngineUnavailableException("the policy input could not be serialized", e);
        }
    }

    /** The value of OPA's result set {@code [{"result": value}]}; undefined (an empty set) is no decision. */
    private static JsonNode result(String resultSet, String path) throws PolicyEngineUnavailableException {
        JsonNode set;
        try {
            set = JSON.readTree(resultSet);
        } catch (JsonProcessingException e) {
            throw new PolicyEngineUnavailableException("the compiled policy's answer for " + path + " is not JSON", e);
        }
        if (!set.isArray() || set.isEmpty() || !set.get(0).has("result")) {
            throw new PolicyEngineUnavailableException("the decision " + path + " is undefined for this input");
        }
        return set.get(0).get("result");
    }

    private static PolicyDecision decision(JsonNode node, String path) throws PolicyEngineUnavailableException {
        PolicyDecision decision;
        try {
            decision = JSON.treeToValue(node, PolicyDecision.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PolicyEngineUnavailableException("a decision of " + path + " does not have the expected shape", e);
        }
        if (decision == null || !decision.wellFormed()) {
            throw new PolicyEngineUnavailableException("a decision of " + path + " does not have the expected shape");
        }
        return decision;
    }

    @PreDestroy
    void close() {
        opa.close();
        batchOpa.close();
        if (compiled != null) {
            compiled.close();
        }
        if (differential != null) {
            differential.close();
        }
    }
}
