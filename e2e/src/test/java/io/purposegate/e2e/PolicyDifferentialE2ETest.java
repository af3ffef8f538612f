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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The differential check in the running stack: the PDP decides in-process with the policy OPA compiled, and OPA, the
 * reference, evaluates every decision of the test run again (the test stack samples all of them) with the bundle of
 * the same revision. Runs last, so every decision the end-to-end tests made has been compared, and finds no
 * difference in allow, reasons or fields.
 */
@Order(Integer.MAX_VALUE)
class PolicyDifferentialE2ETest {

    @BeforeAll
    static void startStack() {
        Stack.get();
    }

    @Test
    void everyDecisionOfTheRunWasDecidedTheSameByOpa() throws Exception {
        // decisions of this test's own, allowed and denied, so that it proves something when run alone
        String sam = Stack.get().accessToken("sam", "support-console", "support-console-secret");
        for (String purpose : new String[] {"support", "marketing", "analytics"}) {
            HttpResponse<String> read = Stack.HTTP.send(HttpRequest.newBuilder(URI.create(Stack.CRM + "/customers/c-1"))
                    .header("Authorization", "Bearer " + sam).header("Data-Purpose", purpose).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as("%s: %s", purpose, read.body()).isIn(200, 403);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> metrics().getOrDefault("purposegate_policy_differential_pending", -1.0) == 0.0);

        Map<String, Double> metrics = metrics();
        double same = metrics.getOrDefault("purposegate_policy_differential_total{result=\"same\"}", 0.0);
        assertThat(metrics.get("purposegate_policy_compiled_loaded")).as("decisions evaluated in-process").isEqualTo(1.0);
        assertThat(metrics.get("purposegate_policy_differences_total")).as("decisions OPA decided otherwise").isEqualTo(0.0);
        assertThat(metrics.getOrDefault("purposegate_policy_differential_total{result=\"dropped\"}", 0.0)).isEqualTo(0.0);
        assertThat(same).as("decisions compared and found the same").isGreaterThanOrEqualTo(3.0);
        // every evaluation since the PDP last started was sampled, and each was compared (or made while OPA did not
        // hold the same revision yet)
        double otherRevision = metrics.getOrDefault("purposegate_policy_differential_total{result=\"other_revision\"}", 0.0);
        assertThat(metrics.getOrDefault("purposegate_policy_differential_total{result=\"reference_unavailable\"}", 0.0))
                .isEqualTo(0.0);
        assertThat(same + otherRevision).isEqualTo(metrics.get("purposegate_policy_differential_sampled_total"));
        assertThat(otherRevision).as("compared with another revision").isLessThan(same);
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
