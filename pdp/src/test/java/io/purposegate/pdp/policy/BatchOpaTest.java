package io.purposegate.pdp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * The batch entrypoint in a real OPA with the repository's policies: every item gets exactly the decision the
 * single entrypoint gives its input, in order, with the same bundle revision.
 */
class BatchOpaTest {

    private static final Path POLICIES = Path.of(System.getProperty("purposegate-test.policies", "../policies"));
    private static final String ALICE = "00000000-0000-4000-8000-0000000a11ce";
    private static final String BOB = "00000000-0000-4000-8000-000000000b0b";
    private static final List<String> CUSTOMER_FIELDS = List.of("name", "email", "phone", "address", "birth_date", "orders", "segment");

    @TempDir
    static Path work;

    private static HttpServer bundles;
    private static RealOpa opa;
    private static PolicyEngine engine;
    private static PolicyBundle bundle;

    @BeforeAll
    static void startOpa() throws Exception {
        bundle = PolicyBundle.build(POLICIES, PolicyBundle.defaultRoots());
        bundles = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bundles.createContext("/bundle.tar.gz", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/gzip");
            exchange.sendResponseHeaders(200, bundle.archive().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bundle.archive());
            }
        });
        bundles.start();
        opa = RealOpa.pollingBundle(work, "http://127.0.0.1:" + bundles.getAddress().getPort(), "/bundle.tar.gz");
        engine = new PolicyEngine(new OpaClient(opa.url(), Duration.ofSeconds(5)), new OpaClient(opa.url(), Duration.ofSeconds(5)),
                "purposegate/access/decision", "purposegate/batch/decisions", "purposegate");
    }

    @AfterAll
    static void stopOpa() {
        if (opa != null) {
            opa.close();
        }
        if (bundles != null) {
            bundles.stop(0);
        }
    }

    @Test
    void everyItemGetsTheDecisionTheSingleEntrypointGivesIt() throws Exception {
        List<Map<String, Object>> inputs = List.of(
                samReadsAlice(),                                    // allowed, with masked and withheld fields
                miaListsAlice(),                                    // denied: alice refused marketing
                miaListsBob(false),                                 // allowed under opt-out, fields withheld
                miaListsBob(true),                                  // denied: a GPC signal
                Map.of("time", "2026-11-29T10:15:02.123Z"));       // malformed: denied, never undefined

        PolicyEngine.BatchAnswer batch = engine.decideAll(inputs);

        assertThat(batch.decisions()).hasSize(inputs.size());
        assertThat(batch.policyRevision()).isEqualTo(bundle.revision());
        List<PolicyDecision> singles = new ArrayList<>();
        for (Map<String, Object> input : inputs) {
            PolicyEngine.Answer single = engine.decide(input);
            assertThat(single.policyRevision()).isEqualTo(batch.policyRevision());
            singles.add(single.decision());
        }
        assertThat(batch.decisions()).containsExactlyElementsOf(singles);

        PolicyDecision allowed = batch.decisions().get(0);
        assertThat(allowed.allow()).isTrue();
        assertThat(allowed.fields().masked()).containsEntry("address", "redact").containsEntry("birth_date", "year_only");
        assertThat(allowed.fields().denied()).containsExactly("segment");
        assertThat(batch.decisions().get(1).allow()).isFalse();
        assertThat(batch.decisions().get(1).reasons()).extracting(PolicyDecision.Reason::code).containsExactly("consent.refused");
        assertThat(batch.decisions().get(2).allow()).isTrue();
        assertThat(batch.decisions().get(3).reasons()).extracting(PolicyDecision.Reason::code)
                .containsExactly("jurisdiction.gpc_opt_out");
        assertThat(batch.decisions().get(4).allow()).isFalse();
    }

    @Test
    void aHundredItemsFitTheDefaultBatchBudget() throws Exception {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            inputs.add(i % 2 == 0 ? samReadsAlice() : miaListsBob(false));
        }
        engine.decideAll(inputs); // warm
        PolicyEngine timed = new PolicyEngine(new OpaClient(opa.url(), Duration.ofMillis(50)),
                new OpaClient(opa.url(), Duration.ofMillis(500)),
                "purposegate/access/decision", "purposegate/batch/decisions", "purposegate");

        PolicyEngine.BatchAnswer answer = timed.decideAll(inputs);

        assertThat(answer.decisions()).hasSize(100);
        assertThat(answer.decisions().get(98)).isEqualTo(answer.decisions().get(0));
    }

    @Test
    void aBatchDocumentThatIsNotThereIsNoDecision() {
        PolicyEngine wrongPath = new PolicyEngine(new OpaClient(opa.url(), Duration.ofSeconds(5)),
                new OpaClient(opa.url(), Duration.ofSeconds(5)),
                "purposegate/access/decision", "purposegate/batch/nothing", "purposegate");

        assertThatThrownBy(() -> wrongPath.decideAll(List.of(samReadsAlice())))
                .isInstanceOf(PolicyEngineUnavailableException.class);
    }

    private static Map<String, Object> samReadsAlice() {
        Map<String, Object> input = base("read", "support", "c-1", ALICE, "2025-01-10T00:00:00Z");
        input.put("token", Map.of("sub", "sam-id", "azp", "support-console", "purposes", List.of("service", "support"),
                "privacy_training", 1_780_000_000L, "realm_access", Map.of("roles", List.of("default-roles-demo", "support-agent"))));
        input.put("actor", actor("support-console", "sam-id", "sam", List.of("default-roles-demo", "support-agent")));
        input.put("subject", alice());
        return input;
    }

    private static Map<String, Object> miaListsAlice() {
        Map<String, Object> input = miaListsBob(false);
        input.put("resource", resource("c-1", ALICE, "2026-02-01T00:00:00Z"));
        input.put("subject", alice());
        return input;
    }

    private static Map<String, Object> miaListsBob(boolean gpc) {
        Map<String, Object> input = base("list", "marketing", "c-2", BOB, "2026-02-01T00:00:00Z");
        input.put("token", Map.of("sub", "mia-id", "azp", "marketing-app", "purposes", List.of("analytics", "marketing"),
                "privacy_training", 1_780_000_000L));
        input.put("actor", actor("marketing-app", "mia-id", "mia", List.of("marketing-staff")));
        input.put("subject", Map.of("id", BOB, "known", true, "v", 4, "jurisdiction", "US-CA", "notice", "2026-11",
                "consents", Map.of(), "rights", rights()));
        input.put("context", Map.of("gpc", gpc));
        return input;
    }

    private static Map<String, Object> base(String action, String purpose, String id, String owner, String createdAt) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("time", "2026-11-29T10:15:02.123Z");
        input.put("action", action);
        input.put("purpose", purpose);
        input.put("resource", resource(id, owner, createdAt));
        input.put("context", Map.of("gpc", false));
        return input;
    }

    private static Map<String, Object> resource(String id, String owner, String createdAt) {
        return Map.of("type", "customer", "id", id, "owner", owner, "fields", CUSTOMER_FIELDS, "created_at", createdAt);
    }

    private static Map<String, Object> actor(String client, String user, String username, List<String> roles) {
        return Map.of("client_id", client, "user_id", user, "username", username, "roles", roles, "human", true);
    }

    private static Map<String, Object> alice() {
        return Map.of("id", ALICE, "known", true, "v", 9, "jurisdiction", "EU", "notice", "2026-11",
                "consents", Map.of(
                        "analytics", Map.of("state", "given", "time", "2026-06-01T08:00:00Z"),
                        "marketing", Map.of("state", "refused", "time", "2026-06-01T08:00:00Z")),
                "rights", rights());
    }

    private static Map<String, Object> rights() {
        return Map.of("restricted", false, "objections", List.of(), "erasure_pending", false);
    }
}
