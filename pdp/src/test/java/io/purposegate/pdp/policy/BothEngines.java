package io.purposegate.pdp.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.purposegate.pdp.policy.wasm.CompiledPolicy;
import io.purposegate.pdp.policy.wasm.PolicyCompiler;

/**
 * The repository's policy library twice: compiled by OPA to Wasm and evaluated in-process (as the PDP does), and
 * served by a real OPA server (the reference). Started once per test JVM and shared by the differential tests.
 */
final class BothEngines {

    static final String DECISION = "purposegate/access/decision";
    static final String BATCH = "purposegate/batch/decisions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BothEngines shared;

    final Path work;
    final CompiledPolicy compiled;
    final PolicyCompiler.Compiled bundle;
    final RealOpa opa;
    final OpaClient reference;

    private BothEngines(Path work, CompiledPolicy compiled, PolicyCompiler.Compiled bundle, RealOpa opa) {
        this.work = work;
        this.compiled = compiled;
        this.bundle = bundle;
        this.opa = opa;
        this.reference = new OpaClient(opa.url(), Duration.ofSeconds(10));
    }

    static Path policies() {
        return Path.of(System.getProperty("purposegate-test.policies", "../policies"));
    }

    static synchronized BothEngines shared() throws Exception {
        if (shared == null) {
            Path work = Files.createTempDirectory("purposegate-differential-");
            PolicyCompiler compiler = new PolicyCompiler(RealOpa.binary(), List.of(DECISION, BATCH), Duration.ofSeconds(60));
            PolicyCompiler.Compiled bundle = compiler.compile(policies());
            CompiledPolicy compiled = new CompiledPolicy(new CompiledPolicy.Settings(1, 0, 1024, Duration.ofSeconds(30), 64),
                    DECISION, List.of(), () -> { });
            compiled.load(bundle.wasm());
            RealOpa opa = RealOpa.servingBundleDir(work, policies());
            shared = new BothEngines(work, compiled, bundle, opa);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                opa.close();
                compiled.close();
            }));
        }
        return shared;
    }

    /** The compiled policy's answer for {@code path} (null when undefined). */
    JsonNode compiled(String path, String input) throws Exception {
        JsonNode set = JSON.readTree(compiled.evaluate(path, input.getBytes(StandardCharsets.UTF_8)).resultSet());
        return set.isEmpty() ? null : set.get(0).get("result");
    }

    /** OPA's answer for {@code path} (null when undefined). */
    JsonNode reference(String path, String input) throws IOException {
        try {
            return reference.evaluate(path, JSON.readTree(input), JsonNode.class);
        } catch (PolicyEngineUnavailableException undefined) {
            if (undefined.getMessage().contains("undefined")) {
                return null;
            }
            throw new IOException(undefined);
        }
    }

    /**
     * OPA's answer to an ad-hoc query {@code x := <expression>} with {@code input} (POST /v1/query): the JSON of x, or
     * null when the expression is undefined (a builtin error included, as OPA has no strict builtin errors by default).
     */
    String query(String expression, Object input) throws IOException {
        java.net.HttpURLConnection http = (java.net.HttpURLConnection) java.net.URI.create(opa.url() + "/v1/query").toURL()
                .openConnection();
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setRequestProperty("Content-Type", "application/json");
        try (java.io.OutputStream out = http.getOutputStream()) {
            out.write(JSON.writeValueAsBytes(java.util.Map.of("query", "x := " + expression, "input", input)));
        }
        if (http.getResponseCode() != 200) {
            throw new IOException("OPA answered " + http.getResponseCode() + ": "
                    + new String(http.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonNode answer;
        try (java.io.InputStream in = http.getInputStream()) {
            answer = JSON.readTree(in);
        }
        JsonNode result = answer.path("result");
        return result.isArray() && !result.isEmpty() ? result.get(0).get("x").toString() : null;
    }

    /** The members in which the two engines' answers differ (empty: the same decision). */
    List<String> differences(String path, String input) throws Exception {
        return DifferentialCheck.differingMembers(reference(path, input), compiled(path, input));
    }
}
