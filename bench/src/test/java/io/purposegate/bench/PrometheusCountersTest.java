package io.purposegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class PrometheusCountersTest {

    @Test
    void takesOnlyThePurposegateCountersOfAnExposition() {
        String exposition = """
                # HELP purposegate_decisions_total
                # TYPE purposegate_decisions_total counter
                purposegate_decisions_total{outcome="allow",} 12.0
                purposegate_decisions_total{outcome="engine.unavailable",} 3.0
                purposegate_decision_latency_seconds_count 15.0
                jvm_classes_unloaded_classes_total 4.0
                purposegate_opa_errors_total 3.0
                """;

        assertThat(PrometheusCounters.parse(exposition)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "purposegate_decisions_total{outcome=\"allow\",}", 12.0,
                "purposegate_decisions_total{outcome=\"engine.unavailable\",}", 3.0,
                "purposegate_opa_errors_total", 3.0));
    }

    @Test
    void theDeltaKeepsWhatGrewIncludingCountersThatAppearedDuringTheWindow() {
        Map<String, Double> into = new TreeMap<>(Map.of("a", 1.0));

        PrometheusCounters.addDelta(Map.of("a", 1.0, "b", 5.0), Map.of("a", 4.0, "b", 5.0, "c", 2.0), into);

        assertThat(into).containsExactlyInAnyOrderEntriesOf(Map.of("a", 4.0, "c", 2.0));
    }
}
