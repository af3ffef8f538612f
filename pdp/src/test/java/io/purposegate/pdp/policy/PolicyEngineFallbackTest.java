package io.purposegate.pdp.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.purposegate.pdp.policy.wasm.CompiledPolicy;

/** With the fallback off, a PDP whose compiled policy is not loaded decides nothing: it never asks OPA. */
class PolicyEngineFallbackTest {

    @Test
    void withoutFallbackAnUnloadedCompiledPolicyIsNoDecision() {
        OpaClient nowhere = new OpaClient(URI.create("http://127.0.0.1:9"), Duration.ofMillis(50));
        try (CompiledPolicy notLoaded = new CompiledPolicy(new CompiledPolicy.Settings(1, 0, 64, Duration.ofMillis(10), 1),
                "purposegate/access/decision", List.of(), () -> { })) {
            PolicyEngine engine = new PolicyEngine(nowhere, nowhere, "purposegate/access/decision", "purposegate/batch/decisions",
                    "purposegate", notLoaded, false, null, null);
            assertThatThrownBy(() -> engine.decide(Map.of())).isInstanceOf(PolicyEngineUnavailableException.class)
                    .hasMessageContaining("fallback to OPA is off");
            assertThatThrownBy(() -> engine.decideAll(List.of(Map.of()))).isInstanceOf(PolicyEngineUnavailableException.class);
        }
    }
}
