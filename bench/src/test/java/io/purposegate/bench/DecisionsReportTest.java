package io.purposegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.util.JSONArrayUtils;

class DecisionsReportTest {

    private static final String OPA_RUN = """
            {"N": 1000, "T": 300000000, "Extra": {"histogram_timer_rego_query_eval_ns_median": %d,
             "histogram_timer_rego_query_eval_ns_90%%": 300000, "note": "a } in a string"}}
            """;

    @TempDir
    Path dir;

    @Test
    void aRunThatMeetsTheGoalsButNotTheOnesBeyondSaysSo() throws Exception {
        String md = report(List.of(
                target("keycloak-authz", 1000, Map.of("200", 15000L), 1700),
                target("pdp", 2500, Map.of("200", 37500L), 900),
                target("crm", 900, Map.of("200", 13500L), 1500),
                target("crm-nosdk", 20000, Map.of("200", 300000L), 50)), "-");

        assertThat(md).contains("| the PDP answers with 0 non-2xx | 0 | met |")
                .contains("2500 vs 1000 answers/s: 2.50 x (2xx only: 2.50 x) | met | **not met** (4 x) |")
                .contains("| a guarded demo-crm read has 0 non-2xx | 0 | met |")
                .contains("1500 vs 1700 µs per answer: 0.88 x | met | **not met** (0.5 x) |");
    }

    @Test
    void answersThatAreNot2xxFailTheGoalAndAreShownByStatus() throws Exception {
        String md = report(List.of(
                target("keycloak-authz", 600, Map.of("200", 9000L), 1800),
                target("pdp", 440, Map.of("200", 4400L, "503", 2200L), 2500),
                target("crm", 245, Map.of("200", 1000L, "503", 2675L), 6100)), "-");

        assertThat(md).contains("| the PDP answers with 0 non-2xx | 2200 (503: 2200) | **not met** |")
                .contains("| a guarded demo-crm read has 0 non-2xx | 2675 (503: 2675) | **not met** |")
                .contains("6100 vs 1800 µs per answer: 3.39 x | **not met** |");
    }

    @Test
    void thePolicyRowsCompareOpaBenchWithTheInProcessFigureOrSayItWasNotMeasured() throws Exception {
        List<Map<String, Object>> targets = List.of(target("keycloak-authz", 600, Map.of("200", 9000L), 1800),
                target("pdp", 440, Map.of("200", 6600L), 2500), target("crm", 245, Map.of("200", 3675L), 6100));
        Path inProcess = dir.resolve("in-process.json");
        Files.writeString(inProcess, "{\"what\": \"one decision through the Wasm call\", \"median_us\": 100.0, \"runs\": 5}");

        String measured = report(targets, inProcess.toString());
        String absent = report(targets, "-");

        assertThat(measured).contains("| OPA 1.0, `opa bench` | query evaluation (`timer_rego_query_eval_ns`), median of the "
                + "runs' medians | 200.0 | 300.0 | 3 | 3000 |")
                .contains("| the PDP, in-process | one decision through the Wasm call | 100.0 |  | 5 |  |")
                .contains("In-process evaluation takes 0.50 x OPA's evaluation time");
        assertThat(absent).contains("| the PDP, in-process | not measured: no entry point | | | | |")
                .doesNotContain("In-process evaluation takes");
    }

    @Test
    void opaBenchWritesItsRunsOneAfterTheOther() throws Exception {
        String runs = OPA_RUN.formatted(1) + OPA_RUN.formatted(2);

        assertThat(DecisionsReport.concatenatedJson(runs)).hasSize(2);
    }

    private String report(List<Map<String, Object>> targets, String inProcess) throws Exception {
        Path load = dir.resolve("load.json");
        Path opa = dir.resolve("opa-bench.json");
        Path out = dir.resolve("decisions.md");
        Files.writeString(load, JSONArrayUtils.toJSONString(List.copyOf(targets)));
        Files.writeString(opa, OPA_RUN.formatted(150000) + OPA_RUN.formatted(200000) + OPA_RUN.formatted(250000));
        DecisionsReport.write(new String[] {"decisions-report", out.toString(), load.toString(), opa.toString(), inProcess,
                "--opa-version", "1.0", "--in-process-note", "no entry point"});
        return Files.readString(out);
    }

    /** One target of a 15 s window: throughput from its answers, CPU from one process. */
    private static Map<String, Object> target(String name, double throughput, Map<String, Long> statuses, double cpu) {
        long answers = statuses.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", name);
        r.put("what", name);
        r.put("count", answers);
        r.put("seconds", answers / throughput);
        r.put("throughput", throughput);
        r.put("p50_ms", 1.0);
        r.put("p99_ms", 2.0);
        r.put("statuses", statuses);
        r.put("socket_errors", 0L);
        r.put("non_2xx", statuses.entrySet().stream().filter(e -> !e.getKey().startsWith("2")).mapToLong(Map.Entry::getValue).sum());
        r.put("cpu_us_per_request", Map.of("stack", Map.of("total", cpu)));
        r.put("stack_cpu_us_per_request", cpu);
        r.put("counters", Map.of());
        r.put("rounds", 1);
        r.put("processes", List.of("stack"));
        r.put("generator", "test");
        return r;
    }
}
