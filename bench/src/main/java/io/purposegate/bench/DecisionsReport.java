package io.purposegate.bench;

import static io.purposegate.bench.LoadResults.num;
import static io.purposegate.bench.LoadResults.require;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * {@code bench/results/decisions.md}: the "Done when" figures of issue 13 from one run of {@code bin/purposegate bench
 * decisions}. The load part ({@link DecisionsLoad}): Keycloak Authorization Services deciding one permission, the PDP's
 * decision, a guarded and an unguarded demo-crm read, with the non-2xx answers and why, the CPU of the whole stack per
 * request, the ratios and their verdicts, and the PDP's memory. The policy part, from the same run: {@code opa bench}
 * of the decision against the PDP's in-process evaluation of the same input, when the build has an entry point for it.
 *
 * <p>{@code decisions-report <decisions.md> <load.json> <opa-bench.json> <in-process.json | -> [--commit c]
 * [--opa-version v] [--load-before l] [--load-after l] [--in-process-note text] [--label text]}; the label, e.g. "before:
 * the PDP calls OPA over HTTP", goes under the title. The in-process JSON is one object:
 * {@code what} (text), {@code median_us}, and optionally {@code p90_us}, {@code runs}, {@code samples}.
 */
final class DecisionsReport {

    static final double THROUGHPUT_GOAL = 2.0;
    static final double THROUGHPUT_BEYOND = 4.0;
    static final double CPU_GOAL = 1.0;
    static final double CPU_BEYOND = 0.5;
    static final double RSS_GOAL_MB = 256;

    private DecisionsReport() {
    }

    static void write(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        Path load = Path.of(args[2]);
        Path opaBench = Path.of(args[3]);
        String inProcess = args[4];
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 5; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Object result : JSONArrayUtils.parse(Files.readString(load))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) result;
            byName.put((String) r.get("name"), r);
        }
        Map<String, Object> keycloak = require(byName, "keycloak-authz");
        Map<String, Object> pdp = require(byName, "pdp");
        Map<String, Object> crm = require(byName, "crm");
        Map<String, Object> any = keycloak;

        StringBuilder md = new StringBuilder();
        md.append("# The decision path under load (issue 13)\n\n");
        if (options.containsKey("label")) {
            md.append("**").append(options.get("label")).append("**\n\n");
        }
        md.append("Measured by `bin/purposegate bench decisions`, load run ending ")
                .append(any.getOrDefault("measured_at", "?")).append(" (report written ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(")").append(options.containsKey("commit") ? ", commit `" + options.get("commit") + "`" : "").append(".\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores, shared by every process of the stack and the load generator; "
                + "Java %s; load average (1 min) before / after: %s / %s. One fresh stack (`bin/purposegate up --fresh`), "
                + "the targets measured from outside on 127.0.0.1, closed loop: %s; interleaved in %s rounds. CPU is summed "
                + "over every process of the stack (%s) from `/proc/<pid>/task/*/stat` during each target's windows.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                options.getOrDefault("load-before", "?"), options.getOrDefault("load-after", "?"), any.get("generator"),
                any.get("rounds"), String.join(", ", strings(any.get("processes")))));

        md.append("| target | what | answers/s | 2xx/s | p50 ms | p99 ms | answers | not 2xx | stack CPU µs per answer |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
        for (Map<String, Object> r : byName.values()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.3f | %.3f | %d | %s | %.0f |%n", r.get("name"),
                    r.get("what"), num(r, "throughput"), goodPerSecond(r), num(r, "p50_ms"), num(r, "p99_ms"),
                    (long) num(r, "count"), non2xx(r), num(r, "stack_cpu_us_per_request")));
        }

        md.append("\n## Goals (issue 13, \"Done when\")\n\n| goal | measured | verdict | beyond this issue |\n| --- | --- | --- | --- |\n");
        md.append(String.format(Locale.ROOT, "| the PDP answers with 0 non-2xx | %s | %s | |%n", non2xx(pdp),
                verdict(num(pdp, "non_2xx") == 0)));
        double throughputRatio = num(pdp, "throughput") / num(keycloak, "throughput");
        md.append(String.format(Locale.ROOT, "| PDP throughput >= %.0f x Keycloak Authorization Services' (beyond: %.0f x) "
                + "| %.0f vs %.0f answers/s: %.2f x (2xx only: %.2f x) | %s | %s (%.0f x) |%n", THROUGHPUT_GOAL, THROUGHPUT_BEYOND,
                num(pdp, "throughput"), num(keycloak, "throughput"), throughputRatio,
                goodPerSecond(pdp) / Math.max(goodPerSecond(keycloak), 1e-9),
                verdict(throughputRatio >= THROUGHPUT_GOAL), verdict(throughputRatio >= THROUGHPUT_BEYOND), THROUGHPUT_BEYOND));
        md.append(String.format(Locale.ROOT, "| a guarded demo-crm read has 0 non-2xx | %s | %s | |%n", non2xx(crm),
                verdict(num(crm, "non_2xx") == 0)));
        double cpuRatio = num(crm, "stack_cpu_us_per_request") / num(keycloak, "stack_cpu_us_per_request");
        md.append(String.format(Locale.ROOT, "| a guarded read costs the stack <= %.1f x the CPU of Keycloak's decision "
                + "(beyond: %.1f x) | %.0f vs %.0f µs per answer: %.2f x | %s | %s (%.1f x) |%n", CPU_GOAL, CPU_BEYOND,
                num(crm, "stack_cpu_us_per_request"), num(keycloak, "stack_cpu_us_per_request"), cpuRatio,
                verdict(cpuRatio <= CPU_GOAL), verdict(cpuRatio <= CPU_BEYOND), CPU_BEYOND));
        if (pdp.get("rss_peak_mb") != null) {
            md.append(String.format(Locale.ROOT, "| the PDP's resident memory <= %.0f MB under load | peak %.0f MB (VmHWM), "
                    + "%.0f MB after the load; JVM options `%s` | %s | |%n", RSS_GOAL_MB, num(pdp, "rss_peak_mb"), num(pdp, "rss_mb"),
                    System.getenv().getOrDefault("PURPOSEGATE_PDP_JAVA_OPTS", "?"), verdict(num(pdp, "rss_peak_mb") <= RSS_GOAL_MB)));
        }
        Map<String, Object> unguarded = byName.get("crm-nosdk");
        if (unguarded != null) {
            md.append(String.format(Locale.ROOT, "%nThe same read unguarded costs the stack %.0f µs per answer: the guarded read "
                    + "is %.1f x that (%.0f vs %.0f answers/s).%n", num(unguarded, "stack_cpu_us_per_request"),
                    num(crm, "stack_cpu_us_per_request") / num(unguarded, "stack_cpu_us_per_request"), num(crm, "throughput"),
                    num(unguarded, "throughput")));
        }

        appendCounters(md, byName);
        appendCpuPerProcess(md, byName, strings(any.get("processes")));
        PdpBench.appendCpu(md, byName);
        appendPolicyEvaluation(md, opaBench, inProcess, options);
        md.append("\nThe services and the load generator share the machine's cores, so absolute figures move between runs; "
                + "the goals compare the figures of this one run. See bench/README.md for how the run is made.\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.print(md);
    }

    /** Why answers were not 2xx: what the services counted during each target's windows. */
    @SuppressWarnings("unchecked")
    private static void appendCounters(StringBuilder md, Map<String, Map<String, Object>> byName) {
        md.append("\n## What the services counted during each target's windows\n\n"
                + "Growth of the services' `purposegate_*_total` counters (`/q/metrics`) over the target's measured windows: "
                + "the PDP counts each decision's outcome, so a 503 is explained here (`engine.unavailable`: the policy "
                + "engine did not answer in time; a shed request is counted under its own outcome).\n\n"
                + "| target | service | counter | growth |\n| --- | --- | --- | ---: |\n");
        boolean none = true;
        for (Map<String, Object> r : byName.values()) {
            Map<String, Object> services = r.get("counters") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            for (Map.Entry<String, Object> service : services.entrySet()) {
                for (Map.Entry<String, Object> counter : ((Map<String, Object>) service.getValue()).entrySet()) {
                    none = false;
                    md.append(String.format(Locale.ROOT, "| %s | %s | `%s` | %.0f |%n", r.get("name"), service.getKey(),
                            counter.getKey().replace(",}", "}"), ((Number) counter.getValue()).doubleValue()));
                }
            }
        }
        if (none) {
            md.append("| (none) | | no counter grew, or no service's metrics answered | |\n");
        }
    }

    @SuppressWarnings("unchecked")
    private static void appendCpuPerProcess(StringBuilder md, Map<String, Map<String, Object>> byName, List<String> processes) {
        md.append("\n## The stack's CPU per answer, per process (µs)\n\nThe last column is the part of the stack's CPU "
                + "the JVMs' JIT compilers (C1, C2 threads) still spent after the warm-up: included in the stack's figure.\n\n| target | ")
                .append(String.join(" | ", processes)).append(" | stack | of which JIT |\n| --- |")
                .append(" ---: |".repeat(processes.size() + 2)).append('\n');
        for (Map<String, Object> r : byName.values()) {
            Map<String, Object> cpu = r.get("cpu_us_per_request") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            md.append("| ").append(r.get("name")).append(" |");
            for (String process : processes) {
                Object groups = cpu.get(process);
                double total = groups instanceof Map<?, ?> g && g.get("total") instanceof Number n ? n.doubleValue() : 0;
                md.append(String.format(Locale.ROOT, " %.0f |", total));
            }
            double jit = cpu.values().stream().filter(Map.class::isInstance).flatMap(groups -> ((Map<String, Object>) groups)
                    .entrySet().stream()).filter(group -> group.getKey().matches("C[12] CompilerThre.*"))
                    .mapToDouble(group -> ((Number) group.getValue()).doubleValue()).sum();
            md.append(String.format(Locale.ROOT, " %.0f | %.0f |%n", num(r, "stack_cpu_us_per_request"), jit));
        }
    }

    /** The policy's evaluation time: OPA ({@code opa bench}) against the PDP's in-process evaluation, same input, same run. */
    private static void appendPolicyEvaluation(StringBuilder md, Path opaBench, String inProcess, Map<String, String> options)
            throws Exception {
        md.append("\n## The policy's evaluation time: in-process against OPA (same run)\n\n"
                + "`data.purposegate.access.decision` of the shipped policies (`policies/`, without `*_test.rego`) for "
                + "`bench/policies/input.json`, measured after the load while the stack idles.\n\n"
                + "| engine | what is timed | median µs per decision | p90 µs | runs | decisions timed |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: |\n");
        Double opaMedian = null;
        if (Files.isReadable(opaBench) && Files.size(opaBench) > 0) {
            List<Map<String, Object>> runs = concatenatedJson(Files.readString(opaBench));
            double[] medians = runs.stream().mapToDouble(r -> extra(r, "histogram_timer_rego_query_eval_ns_median") / 1000).toArray();
            double[] p90s = runs.stream().mapToDouble(r -> extra(r, "histogram_timer_rego_query_eval_ns_90%") / 1000).toArray();
            double[] perOp = runs.stream().mapToDouble(r -> num(r, "T") / num(r, "N") / 1000).toArray();
            long samples = runs.stream().mapToLong(r -> (long) num(r, "N")).sum();
            opaMedian = median(medians);
            md.append(String.format(Locale.ROOT, "| OPA %s, `opa bench` | query evaluation (`timer_rego_query_eval_ns`), "
                    + "median of the runs' medians | %.1f | %.1f | %d | %d |%n", options.getOrDefault("opa-version", ""),
                    opaMedian, median(p90s), runs.size(), samples));
            md.append(String.format(Locale.ROOT, "| OPA, `opa bench` per op | the same, with `opa bench`'s per-iteration work "
                    + "(ns/op) | %.1f | | %d | %d |%n", median(perOp), runs.size(), samples));
        } else {
            md.append("| OPA, `opa bench` | not measured: no `opa bench` result | | | | |\n");
        }
        Double inProcessMedian = null;
        if (!inProcess.equals("-") && Files.isReadable(Path.of(inProcess))) {
            Map<String, Object> r = JSONObjectUtils.parse(Files.readString(Path.of(inProcess)));
            inProcessMedian = num(r, "median_us");
            md.append(String.format(Locale.ROOT, "| the PDP, in-process | %s | %.1f | %s | %s | %s |%n", r.getOrDefault("what", "?"),
                    inProcessMedian, r.get("p90_us") == null ? "" : String.format(Locale.ROOT, "%.1f", num(r, "p90_us")),
                    r.get("runs") == null ? "" : String.valueOf(((Number) r.get("runs")).longValue()),
                    r.get("samples") == null ? "" : String.valueOf(((Number) r.get("samples")).longValue())));
        } else {
            md.append("| the PDP, in-process | not measured").append(options.containsKey("in-process-note")
                    ? ": " + options.get("in-process-note") : "").append(" | | | | |\n");
        }
        if (opaMedian != null && inProcessMedian != null) {
            md.append(String.format(Locale.ROOT, "%nIn-process evaluation takes %.2f x OPA's evaluation time for the same "
                    + "decision (%.1f vs %.1f µs, medians).%n", inProcessMedian / opaMedian, inProcessMedian, opaMedian));
        }
    }

    /** {@code opa bench --count N --format json} writes one JSON object per run, one after the other. */
    static List<Map<String, Object>> concatenatedJson(String text) throws java.text.ParseException {
        List<Map<String, Object>> objects = new ArrayList<>();
        int depth = 0;
        int start = -1;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if (c == '}' && --depth == 0) {
                objects.add(JSONObjectUtils.parse(text.substring(start, i + 1)));
            }
        }
        return objects;
    }

    private static double extra(Map<String, Object> run, String key) {
        Object extra = run.get("Extra");
        if (extra instanceof Map<?, ?> map && map.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("opa bench result without Extra." + key);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** "0", or the count with its statuses, e.g. "1234 (503: 1200, socket errors: 34)". */
    @SuppressWarnings("unchecked")
    private static String non2xx(Map<String, Object> r) {
        long count = (long) num(r, "non_2xx");
        if (count == 0) {
            return "0";
        }
        Map<String, Object> statuses = r.get("statuses") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        List<String> parts = statuses.entrySet().stream().filter(e -> !e.getKey().startsWith("2"))
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.toCollection(ArrayList::new));
        if (num(r, "socket_errors") > 0) {
            parts.add("socket errors: " + (long) num(r, "socket_errors"));
        }
        return count + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    @SuppressWarnings("unchecked")
    private static double goodPerSecond(Map<String, Object> r) {
        Map<String, Object> statuses = r.get("statuses") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        long good = statuses.entrySet().stream().filter(e -> e.getKey().startsWith("2"))
                .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
        return good / num(r, "seconds");
    }

    private static List<String> strings(Object list) {
        return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**not met**";
    }

}
