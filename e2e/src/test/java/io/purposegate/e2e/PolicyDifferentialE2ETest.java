package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The differential check in the running stack: the PDP decides in-process with the policy OPA compiled, and OPA, the
 * reference, evaluates every decision of the test run again (the test stack samples all of them) with the bundle of
 * the same revision: no difference in allow, reasons or fields among the decisions made since the PDP last started,
 * this test's own included. (Every difference of the whole run, across the PDP's restarts, is an error line in the
 * PDP's log, which {@code bin/purposegate test} checks after the end-to-end tests.)
 */
class PolicyDifferentialE2ETest {

    @BeforeAll
    static void startStack() {
        Stack.get();
    }

    @Test
    void everyDecisionSoFarWasDecidedTheSameByOpa() throws Exception {
        awaitComparedAll();
        double sameBefore = metrics().getOrDefault(SAME, 0.0);

        // decisions of this test's own, allowed and denied, so that it proves something whenever it runs
        String sam = Stack.get().accessToken("sam", "support-console", "support-console-secret");
        for (String purpose : new String[] {"support", "marketing", "analytics"}) {
            HttpResponse<String> read = Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.CRM + "/customers/c-1"))
                    .header("Authorization", "Bearer " + sam).header("Data-Purpose", purpose).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as("%s: %s", purpose, read.body()).isIn(200, 403);
        }
        awaitComparedAll();

        Map<String, Double> metrics = metrics();
        assertThat(metrics.get("purposegate_policy_compiled_loaded")).as("decisions evaluated in-process").isEqualTo(1.0);
        assertThat(metrics.get("purposegate_policy_differences_total")).as("decisions OPA decided otherwise").isEqualTo(0.0);
        assertThat(metrics.getOrDefault("purposegate_policy_differential_total{result=\"dropped\"}", 0.0)).isEqualTo(0.0);
        assertThat(metrics.get(SAME) - sameBefore).as("this test's decisions compared and found the same")
                .isGreaterThanOrEqualTo(3.0);
    }

    private static final String SAME = "purposegate_policy_differential_total{result=\"same\"}";

    /** Until no sampled decision waits for OPA's answer. */
    private static void awaitComparedAll() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> metrics().getOrDefault("purposegate_policy_differential_pending", -1.0) == 0.0);
    }

    /** The PDP's Prometheus samples, by name with labels. */
    private static Map<String, Double> metrics() throws Exception {
        HttpResponse<String> response = Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.PDP + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Double> samples = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
