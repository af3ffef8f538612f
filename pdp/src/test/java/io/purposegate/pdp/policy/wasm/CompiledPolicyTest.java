package io.purposegate.pdp.policy.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.purposegate.pdp.policy.PolicyEngineUnavailableException;
import io.purposegate.pdp.policy.PolicyOverloadedException;

/**
 * The pool of compiled-policy instances with the real module OPA builds from the repository's policies: admission
 * control sheds instead of timing out, a data-only change reaches the warm instances, a new module is swapped in
 * under load without a failed evaluation, and a failing instance is replaced.
 */
class CompiledPolicyTest {

    private static final String DECISION = "purposegate/access/decision";
    private static final String BATCH = "purposegate/batch/decisions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PolicyCompiler compiler;
    private static byte[] input;
    private static ExecutorService threads;

    @TempDir
    Path temp;

    @BeforeAll
    static void setUp() throws Exception {
        Path opa = Path.of(System.getProperty("purposegate-test.opa-binary", "../.tools/bin/opa"));
        compiler = new PolicyCompiler(opa, List.of(DECISION, BATCH), Duration.ofSeconds(60));
        input = Files.readAllBytes(Path.of(System.getProperty("purposegate-test.policies", "../policies"))
                .resolveSibling("bench/policies/input.json"));
        threads = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void tearDown() {
        threads.shutdownNow();
    }

    private static Path policies() {
        return Path.of(System.getProperty("purposegate-test.policies", "../policies"));
    }

    private static CompiledPolicy pool(int instances, Duration queueTimeout, int maxWaiting) {
        return new CompiledPolicy(new CompiledPolicy.Settings(instances, 10, 1024, queueTimeout, maxWaiting), DECISION,
                List.of(input), () -> { });
    }

    private static JsonNode decision(CompiledPolicy.Evaluation evaluation) throws Exception {
        return JSON.readTree(evaluation.resultSet()).get(0).get("result");
    }

    @Test
    void decidesTheRepresentativeReadAndNamesRevisionAndDataVersion() throws Exception {
        PolicyCompiler.Compiled compiled = compiler.compile(policies());
        try (CompiledPolicy pool = pool(1, Duration.ofSeconds(5), 16)) {
            assertThat(pool.ready()).isFalse();
            assertThat(pool.load(compiled.wasm())).isTrue();
            CompiledPolicy.Evaluation evaluation = pool.evaluate(DECISION, input);
            assertThat(decision(evaluation).get("allow").booleanValue()).isTrue();
            assertThat(evaluation.revision()).isEqualTo(compiled.rego().revision());
            assertThat(evaluation.dataVersion()).isEqualTo(compiled.wasm().dataVersion());
        }
    }

    @Test
    void aDataOnlyChangeReachesTheWarmInstancesWithoutNewOnes() throws Exception {
        Path copy = copyOfPolicies();
        try (CompiledPolicy pool = pool(2, Duration.ofSeconds(5), 16)) {
            pool.load(compiler.compile(copy).wasm());
            assertThat(decision(pool.evaluate(DECISION, input)).get("allow").booleanValue()).isTrue();

            // the support purpose leaves the client register: the same Rego, other data
            Path clients = copy.resolve("purposegate/clients/data.json");
            ObjectNode register = (ObjectNode) JSON.readTree(clients.toFile());
            ((ObjectNode) register.get("support-console")).putArray("purposes").add("service");
            Files.writeString(clients, register.toString());
            PolicyCompiler.Compiled changed = compiler.compile(copy);

            assertThat(pool.load(changed.wasm())).as("new instances built").isFalse();
            for (int i = 0; i < 4; i++) { // every instance of the pool, whichever serves
                CompiledPolicy.Evaluation evaluation = pool.evaluate(DECISION, input);
                assertThat(decision(evaluation).get("allow").booleanValue()).isFalse();
                assertThat(evaluation.dataVersion()).isEqualTo(changed.wasm().dataVersion());
                assertThat(evaluation.revision()).isEqualTo(changed.rego().revision());
            }
        }
    }

    @Test
    void aNewModuleIsSwappedInUnderLoadWithoutAFailedEvaluation() throws Exception {
        Path copy = copyOfPolicies();
        try (CompiledPolicy pool = pool(2, Duration.ofSeconds(10), 64)) {
            PolicyCompiler.Compiled before = compiler.compile(copy);
            pool.load(before.wasm());
            Path minimization = copy.resolve("purposegate/minimization/minimization.rego");
            Files.writeString(minimization, Files.readString(minimization).replace("is not needed for", "is not required for"));
            PolicyCompiler.Compiled after = compiler.compile(copy);
            assertThat(after.wasm().moduleDigest()).isNotEqualTo(before.wasm().moduleDigest());

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger failures = new AtomicInteger();
            List<String> revisions = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> load = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                load.add(threads.submit(() -> {
                    while (running.get()) {
                        try {
                            CompiledPolicy.Evaluation evaluation = pool.evaluate(DECISION, input);
                            if (!decision(evaluation).get("allow").booleanValue()) {
                                failures.incrementAndGet();
                            }
                            revisions.add(evaluation.revision());
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            assertThat(pool.load(after.wasm())).isTrue();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> revisions.contains(after.rego().revision()));
            running.set(false);
            for (Future<?> f : load) {
                f.get();
            }
            assertThat(failures.get()).as("failed or denied evaluations during the swap").isZero();
            assertThat(revisions).contains(before.rego().revision(), after.rego().revision());
            assertThat(pool.revision()).isEqualTo(after.rego().revision());
        }
    }

    @Test
    void overloadIsShedAtTheAdmissionDeadlineAndNothingAdmittedFails() throws Exception {
        byte[] batch = batchOf(100);
        try (CompiledPolicy pool = pool(1, Duration.ofMillis(1), 64)) {
            pool.load(compiler.compile(policies()).wasm());
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(() -> {
                    try {
                        JsonNode decisions = decision(pool.evaluate(BATCH, batch));
                        return decisions.size() == 100 ? "decided" : "wrong";
                    } catch (PolicyOverloadedException e) {
                        assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                        return "shed";
                    }
                });
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> outcome : threads.invokeAll(calls)) {
                outcomes.add(outcome.get());
            }
            assertThat(outcomes).contains("decided", "shed").doesNotContain("wrong");
        }
    }

    @Test
    void withARealisticDeadlineTheSameLoadIsDecidedInFull() throws Exception {
        byte[] batch = batchOf(20);
        try (CompiledPolicy pool = pool(2, Duration.ofSeconds(30), 64)) {
            pool.load(compiler.compile(policies()).wasm());
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(() -> decision(pool.evaluate(BATCH, batch)).size() == 20);
            }
            for (Future<Boolean> outcome : threads.invokeAll(calls)) {
                assertThat(outcome.get()).isTrue();
            }
        }
    }

    @Test
    void tooManyWaitingAreShedAtOnce() throws Exception {
        try (CompiledPolicy pool = pool(1, Duration.ofSeconds(5), 0)) {
            pool.load(compiler.compile(policies()).wasm());
            assertThatThrownBy(() -> pool.evaluate(DECISION, input)).isInstanceOf(PolicyOverloadedException.class)
                    .hasMessageContaining("waiting");
        }
    }

    @Test
    void aPoolTooBusyToAdmitOneMoreDecisionIsStillReady() throws Exception {
        try (CompiledPolicy pool = pool(1, Duration.ofSeconds(5), 0)) {
            pool.load(compiler.compile(policies()).wasm());
            io.purposegate.pdp.policy.OpaClient nowhere = new io.purposegate.pdp.policy.OpaClient(
                    java.net.URI.create("http://127.0.0.1:9"), Duration.ofMillis(50));
            io.purposegate.pdp.policy.PolicyEngine engine = new io.purposegate.pdp.policy.PolicyEngine(nowhere, nowhere, DECISION,
                    BATCH, "purposegate", pool, false, null, null);
            assertThatThrownBy(() -> engine.decide(java.util.Map.of())).isInstanceOf(PolicyOverloadedException.class);
            assertThat(engine.decides()).as("ready: overload is shed per request, not by readiness").isTrue();
        }
    }

    @Test
    void anInstanceThatFailsIsDiscardedAndReplacedByAWarmOne() throws Exception {
        try (CompiledPolicy pool = new CompiledPolicy(new CompiledPolicy.Settings(1, 10, 64, Duration.ofSeconds(10), 16), DECISION,
                List.of(input), () -> { })) {
            pool.load(compiler.compile(policies()).wasm());
            byte[] huge = ("{\"pad\":\"" + "x".repeat(8 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> pool.evaluate(DECISION, huge)).isInstanceOf(PolicyEngineUnavailableException.class);
            // the replacement is built in the background; the next evaluation waits for it, then decides
            assertThat(decision(pool.evaluate(DECISION, input)).get("allow").booleanValue()).isTrue();
        }
    }

    @Test
    void anEntrypointTheModuleWasNotBuiltForIsRefused() throws Exception {
        PolicyCompiler.Compiled compiled = compiler.compile(policies());
        try (CompiledPolicy pool = pool(1, Duration.ofSeconds(5), 16)) {
            pool.load(compiled.wasm());
            assertThatThrownBy(() -> pool.evaluate("purposegate/no/such", input)).isInstanceOf(PolicyEngineUnavailableException.class)
                    .hasMessageContaining("no entrypoint");
        }
        PolicyCompiler other = new PolicyCompiler(Path.of(System.getProperty("purposegate-test.opa-binary", "../.tools/bin/opa")),
                List.of(DECISION), Duration.ofSeconds(60));
        assertThatThrownBy(() -> new PolicyCompiler(Path.of(System.getProperty("purposegate-test.opa-binary", "../.tools/bin/opa")),
                List.of(DECISION, "purposegate/no/such"), Duration.ofSeconds(60)).compile(policies()))
                .isInstanceOf(java.io.IOException.class);
        assertThat(other.compile(policies()).wasm().entrypoints()).contains(DECISION);
    }

    @Test
    void aBundleThatIsNotWhatItClaimsIsRefused() throws Exception {
        PolicyCompiler.Compiled compiled = compiler.compile(policies());
        assertThatThrownBy(() -> WasmBundle.read(java.util.Base64.getDecoder().decode("H4sIAAAAAAAAAwMAAAAAAAAAAAA="), null,
                List.of(DECISION))).isInstanceOf(java.io.IOException.class).hasMessageContaining(".manifest");
        assertThat(compiled.wasm().revision()).isEqualTo(compiled.rego().revision());
        assertThat(compiled.wasm().moduleDigest()).as("the same Rego compiles to the same module")
                .isEqualTo(compiler.compile(policies()).wasm().moduleDigest());
    }

    private static byte[] batchOf(int n) throws Exception {
        JsonNode one = JSON.readTree(input);
        StringBuilder items = new StringBuilder("{\"items\":[");
        for (int i = 0; i < n; i++) {
            items.append(i == 0 ? "" : ",").append(one);
        }
        return items.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private Path copyOfPolicies() throws Exception {
        Path copy = temp.resolve("policies");
        try (Stream<Path> walk = Files.walk(policies())) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target = copy.resolve(policies().relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        return copy;
    }
}
