package io.purposegate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The PDP benchmark of issue 4, driven by {@code bin/purposegate bench pdp}, in three commands:
 *
 * <ul>
 * <li>{@code setup-authz <keycloak> <admin> <password>}: configures Keycloak Authorization Services for (e);</li>
 * <li>{@code load <token> <out.json> <concurrency> <requests> <rounds> <scenario>... [--rss-pid scenario=pid]}:
 *     closed-loop load on 127.0.0.1 (HdrHistogram), the scenarios interleaved in rounds, same input:
 *     {@code floor} (d), {@code opa} (b), {@code pdp} (a), {@code keycloak-authz} (e), {@code pdp-nolog}
 *     (a on a second PDP, port 8281, with the decision log off);</li>
 * <li>{@code withdrawal <keycloak> <admin> <password> <token> <out.json> <rounds>}: see {@link WithdrawalBench};</li>
 * <li>{@code report <pdp.md> <jmh.json> <load.json>... [withdrawal.json]}: the table, the ratios and the goals;</li>
 * <li>{@code sdk-report <sdk.md> <load.json>}: the SDK's cost, from a load run of {@code crm} (demo-crm with the
 *     SDK), {@code crm-nosdk} (a second demo-crm, port 8381, enforcement off) and {@code pdp}, see {@link SdkReport};</li>
 * <li>{@code decisions-load ...} and {@code decisions-report ...}: the figures of issue 13 ({@code bin/purposegate bench
 *     decisions}), see {@link DecisionsLoad} and {@link DecisionsReport}.</li>
 * </ul>
 */
public final class PdpBench {

    private static final String OPA = "http://127.0.0.1:8181";
    private static final String PDP = "http://127.0.0.1:8280";
    private static final String PDP_NOLOG = "http://127.0.0.1:8281";
    private static final String KEYCLOAK = "http://127.0.0.1:8080";
    private static final String CRM = "http://127.0.0.1:8380";
    private static final String CRM_NOSDK = "http://127.0.0.1:8381";
    private static final String OWNER = "00000000-0000-4000-8000-0000000a11ce";
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    /** One kind of request; {@code body} is what {@code request} sends (null for a GET), for the wrk generator. */
    record Scenario(String name, String what, HttpRequest request, String body) {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "setup-authz" -> KeycloakAuthzSetup.run(args[1], args[2], args[3]);
            case "load" -> load(args);
            case "withdrawal" -> WithdrawalBench.run(args[1], args[2], args[3], args[4], Path.of(args[5]),
                    Integer.parseInt(args[6]));
            case "report" -> report(args);
            case "sdk-report" -> SdkReport.write(Path.of(args[1]), Path.of(args[2]));
            case "decisions-load" -> DecisionsLoad.run(args);
            case "decisions-report" -> DecisionsReport.write(args);
            default -> {
                System.err.println("usage: PdpBench setup-authz|load|withdrawal|report|sdk-report|decisions-load|decisions-report ...");
                System.exit(2);
            }
        }
    }

    // ------------------------------------------------------------------ load

    private static void load(String[] args) throws Exception {
        String token = args[1];
        Path out = Path.of(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int requests = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);
        List<String> names = new ArrayList<>();
        Map<String, String> rssPids = new LinkedHashMap<>();
        Map<String, String> cpuPids = new LinkedHashMap<>();
        for (int i = 6; i < args.length; i++) {
            if (args[i].equals("--rss-pid")) {
                String[] scenarioPid = args[++i].split("=", 2);
                rssPids.put(scenarioPid[0], scenarioPid[1]);
            } else if (args[i].equals("--cpu-pid")) {
                String[] processPid = args[++i].split("=", 2);
                cpuPids.put(processPid[0], processPid[1]);
            } else {
                names.add(args[i]);
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        Map<String, double[]> secondsAndErrors = new LinkedHashMap<>();
        CpuAccounting cpu = new CpuAccounting(cpuPids);
        for (String name : names) {
            scenarios.put(name, scenario(name, token));
            histograms.put(name, new Histogram(3));
            secondsAndErrors.put(name, new double[2]);
            System.out.printf(Locale.ROOT, "==> bench: warming up %s%n", name);
            if (Wrk.configured()) {
                Wrk.warmUp(scenarios.get(name), concurrency);
            } else {
                run(http, scenarios.get(name), concurrency, requests / 4, new Histogram(3));
            }
        }
        // rounds interleave the scenarios, so background load on the shared machine hits them alike
        for (int round = 1; round <= rounds; round++) {
            System.out.printf(Locale.ROOT, "==> bench: round %d of %d (%s per scenario, concurrency %d)%n",
                    round, rounds, Wrk.configured() ? Wrk.seconds() + " s" : (requests / rounds) + " requests", concurrency);
            for (String name : names) {
                double[] totals = secondsAndErrors.get(name);
                long countBefore = histograms.get(name).getTotalCount();
                var cpuBefore = cpu.snapshot();
                double[] measured = run(http, scenarios.get(name), concurrency, requests / rounds, histograms.get(name));
                cpu.add(name, cpuBefore, cpu.snapshot(), histograms.get(name).getTotalCount() - countBefore);
                totals[0] += measured[0];
                totals[1] += measured[1];
            }
        }
        List<Object> results = new ArrayList<>();
        for (String name : names) {
            Histogram histogram = histograms.get(name);
            double[] totals = secondsAndErrors.get(name);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", name);
            result.put("what", scenarios.get(name).what());
            result.put("count", histogram.getTotalCount());
            // not 200: for the PDP a fail-closed 503 (budget exceeded under load), reported, not hidden
            result.put("errors", (long) totals[1]);
            result.put("p50_ms", histogram.getValueAtPercentile(50) / 1000.0);
            result.put("p99_ms", histogram.getValueAtPercentile(99) / 1000.0);
            result.put("max_ms", histogram.getMaxValue() / 1000.0);
            result.put("throughput", histogram.getTotalCount() / totals[0]);
            result.put("concurrency", concurrency);
            result.put("rounds", rounds);
            result.put("generator", Wrk.configured()
                    ? "wrk, one thread, " + Wrk.seconds() + " s per scenario per round after a warm-up of " + Wrk.warmupSeconds() + " s"
                    : "JDK HttpClient, " + requests + " requests per scenario after a quarter as many warm-up requests");
            result.put("cpu_us_per_request", cpu.perRequest(name));
            if (rssPids.containsKey(name)) {
                result.putAll(memory(rssPids.get(name)));
            }
            System.out.printf(Locale.ROOT, "    %s: p50 %.3f ms, p99 %.3f ms, %.0f req/s%n", name, (double) result.get("p50_ms"),
                    (double) result.get("p99_ms"), (double) result.get("throughput"));
            results.add(result);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, JSONArrayUtils.toJSONString(results));
    }

    static Scenario scenario(String name, String token) {
        Map<String, Object> claims;
        try {
            claims = JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("the token's payload is not JSON", e);
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", "customer");
        resource.put("id", "c-1");
        resource.put("owner", OWNER);
        resource.put("fields", List.of("name", "email", "phone", "address", "birth_date", "segment"));
        Map<String, Object> decisionRequest = new LinkedHashMap<>();
        decisionRequest.put("action", "read");
        decisionRequest.put("purpose", "support");
        decisionRequest.put("resource", resource);
        decisionRequest.put("context", Map.of("gpc", false));
        return switch (name) {
            case "floor" -> new Scenario(name, "(d) OPA `GET /health`: an empty loopback HTTP endpoint (floor)",
                    HttpRequest.newBuilder(URI.create(OPA + "/health")).GET().build(), null);
            case "opa" -> json(name, "(b) bare OPA `POST /v1/data/purposegate/access/decision`, the input the PDP builds",
                    OPA + "/v1/data/purposegate/access/decision", JSONObjectUtils.toJSONString(Map.of("input",
                            opaInput(claims, decisionRequest, resource))), null);
            case "pdp" -> json(name, "(a) PDP `POST /v1/decisions`: token check, consent registry, OPA, decision log",
                    PDP + "/v1/decisions", JSONObjectUtils.toJSONString(decisionRequest), token);
            case "pdp-nolog" -> json(name, "(a') the same decision on a second PDP with the decision log switched off",
                    PDP_NOLOG + "/v1/decisions", JSONObjectUtils.toJSONString(decisionRequest), token);
            case "keycloak-authz" -> {
                String form = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Auma-ticket"
                        + "&audience=" + KeycloakAuthzSetup.CLIENT_ID + "&permission=customer%23read&response_mode=decision";
                yield new Scenario(name,
                        "(e) Keycloak Authorization Services: `uma-ticket` grant, `response_mode=decision`, permission `customer#read`",
                        HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/demo/protocol/openid-connect/token"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(), form);
            }
            case "crm" -> get(name, "demo-crm `GET /customers/c-1` with the SDK: purpose check, PDP decision, record, minimisation",
                    CRM + "/customers/c-1", token);
            case "crm-nosdk" -> get(name, "the same request on a second demo-crm with enforcement off (no SDK filters registered)",
                    CRM_NOSDK + "/customers/c-1", token);
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
    }

    /** The input the PDP builds (docs/interfaces.md §2) for this token and request, with an unknown subject. */
    private static Map<String, Object> opaInput(Map<String, Object> claims, Map<String, Object> request, Map<String, Object> resource) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("time", Instant.now().toString());
        input.put("action", request.get("action"));
        input.put("purpose", request.get("purpose"));
        input.put("resource", resource);
        input.put("token", claims);
        Object roles = claims.get("realm_access") instanceof Map<?, ?> access ? access.get("roles") : List.of();
        input.put("actor", Map.of("client_id", claims.getOrDefault("azp", ""), "user_id", claims.getOrDefault("sub", ""),
                "username", claims.getOrDefault("preferred_username", ""), "roles", roles, "human", true));
        input.put("subject", Map.of("id", OWNER, "known", false, "consents", Map.of(),
                "rights", Map.of("restricted", false, "objections", List.of(), "erasure_pending", false)));
        input.put("context", request.get("context"));
        return input;
    }

    private static Scenario json(String name, String what, String url, String body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return new Scenario(name, what, builder.build(), body);
    }

    /** A demo-crm read for support, the request an agent's console sends. */
    private static Scenario get(String name, String what, String url, String token) {
        return new Scenario(name, what, HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Data-Purpose", "support").GET().build(), null);
    }

    /** Closed loop: {@code concurrency} workers, each sending its next request when the last answered. */
    private static double[] run(HttpClient http, Scenario scenario, int concurrency, int requests, Histogram histogram)
            throws Exception {
        if (Wrk.configured()) {
            return Wrk.run(scenario, concurrency, histogram);
        }
        Recorder recorder = new Recorder(3);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            running.add(workers.submit(() -> {
                while (next.getAndIncrement() < requests && System.nanoTime() < deadline) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(scenario.request(), HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    recorder.recordValue((System.nanoTime() - sent) / 1_000);
                }
            }));
        }
        for (Future<?> worker : running) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        workers.shutdown();
        histogram.add(recorder.getIntervalHistogram());
        return new double[] {seconds, errors.get()};
    }

    /** Resident memory of the PDP process right after its load: now and the peak (Linux /proc). */
    static Map<String, Object> memory(String pid) throws IOException {
        Map<String, Object> memory = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                memory.put(line.startsWith("VmRSS:") ? "rss_mb" : "rss_peak_mb", kb / 1024.0);
            }
        }
        return memory;
    }

    // ------------------------------------------------------------------ report

    @SuppressWarnings("unchecked")
    private static void report(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        List<Object> withdrawal = null;
        for (int i = 3; i < args.length; i++) {
            if (Path.of(args[i]).getFileName().toString().startsWith("withdrawal")) {
                withdrawal = JSONArrayUtils.parse(Files.readString(Path.of(args[i])));
                continue;
            }
            for (Object result : JSONArrayUtils.parse(Files.readString(Path.of(args[i])))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) result;
                byName.put((String) r.get("name"), r);
            }
        }
        Map<String, Object> jmh = jmhResult(Path.of(args[2]));
        double cP50 = num(jmh, "p50_ms");
        double cP99 = num(jmh, "p99_ms");
        Map<String, Object> a = byName.get("pdp");
        Map<String, Object> aOff = byName.get("pdp-nolog");
        Map<String, Object> b = byName.get("opa");
        Map<String, Object> d = byName.get("floor");
        Map<String, Object> e = byName.get("keycloak-authz");

        StringBuilder md = new StringBuilder();
        md.append("# PDP benchmark (issue 4)\n\n");
        md.append("Written by `bin/purposegate bench pdp` on ").append(Instant.now()).append(".\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores (shared with the services under test and the load generator), "
                + "Java %s. Closed loop on 127.0.0.1 (%s; latencies in HdrHistogram), concurrency %s, "
                + "interleaved in %s rounds; all scenarios in one run, same policy and input.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                a == null ? "?" : a.get("generator"), a == null ? "?" : a.get("concurrency"), a == null ? "?" : a.get("rounds")));
        md.append("| scenario | what | p50 ms | p99 ms | req/s | not 200 |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (Map<String, Object> r : byName.values()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.0f | %d |%n", r.get("name"), r.get("what"),
                    num(r, "p50_ms"), num(r, "p99_ms"), num(r, "throughput"), ((Number) r.getOrDefault("errors", 0)).longValue()));
        }
        md.append(String.format(Locale.ROOT, "| c | (c) the PDP's token verification alone (nimbus-jose-jwt, JMH sample time, "
                + "1 thread, real Keycloak token and keys) | %.3f | %.3f | %.0f | 0 |%n", cP50, cP99, num(jmh, "ops_per_s")));

        md.append("\n## Goals\n\n| goal | measured | verdict |\n| --- | --- | --- |\n");
        if (a != null && b != null) {
            double budget = 1.3 * (num(b, "p50_ms") + cP50);
            md.append(String.format(Locale.ROOT, "| PDP p50 <= 1.3 x (b + c) | %.3f ms vs 1.3 x (%.3f + %.3f) = %.3f ms (ratio %.2f x (b + c)) | %s |%n",
                    num(a, "p50_ms"), num(b, "p50_ms"), cP50, budget, num(a, "p50_ms") / (num(b, "p50_ms") + cP50),
                    verdict(num(a, "p50_ms") <= budget)));
        }
        if (a != null && e != null) {
            double ratio = num(a, "throughput") / num(e, "throughput");
            md.append(String.format(Locale.ROOT, "| PDP throughput >= 4 x (e) | %.0f vs %.0f req/s: %.2f x | %s |%n",
                    num(a, "throughput"), num(e, "throughput"), ratio, verdict(ratio >= 4)));
            md.append(String.format(Locale.ROOT, "| ... with PDP p99 <= 5 ms | %.3f ms | %s |%n", num(a, "p99_ms"),
                    verdict(num(a, "p99_ms") <= 5)));
        }
        if (a != null && aOff != null) {
            double overhead = num(a, "p99_ms") / num(aOff, "p99_ms") - 1;
            md.append(String.format(Locale.ROOT, "| decision log on vs off <= 10 %% on p99 | %.3f vs %.3f ms: %+.1f %% (p50 %.3f vs %.3f ms) | %s |%n",
                    num(a, "p99_ms"), num(aOff, "p99_ms"), overhead * 100, num(a, "p50_ms"), num(aOff, "p50_ms"),
                    verdict(overhead <= 0.10)));
        }
        if (a != null && a.get("rss_peak_mb") != null) {
            double peak = num(a, "rss_peak_mb");
            md.append(String.format(Locale.ROOT, "| PDP resident memory <= 256 MB under load | peak %.0f MB, %.0f MB after the load (JVM options: `%s`) | %s |%n",
                    peak, num(a, "rss_mb"), System.getenv().getOrDefault("PURPOSEGATE_PDP_JAVA_OPTS", "?"), verdict(peak <= 256)));
        }
        if (withdrawal != null && !withdrawal.isEmpty()) {
            double[] totals = withdrawal.stream().mapToDouble(o -> num((Map<String, Object>) o, "total_ms")).sorted().toArray();
            double[] events = withdrawal.stream().mapToDouble(o -> num((Map<String, Object>) o, "event_ms")).sorted().toArray();
            double worst = totals[totals.length - 1];
            md.append(String.format(Locale.ROOT, "| the first access after a withdrawal is denied within 1 s | %d rounds, end to end "
                    + "(self-service withdrawal in Keycloak, outbox, PDP registry, policy): Keycloak stores the withdrawal in "
                    + "p50 %.1f ms; first denied decision p50 %.1f ms after that, max %.1f ms; %d rounds never denied | %s |%n",
                    totals.length, events[events.length / 2], totals[totals.length / 2], worst,
                    withdrawal.stream().filter(o -> Boolean.TRUE.equals(((Map<String, Object>) o).get("allow"))).count(),
                    verdict(worst <= 1000 && withdrawal.stream().noneMatch(o -> Boolean.TRUE.equals(((Map<String, Object>) o).get("allow"))))));
        }
        if (d != null && b != null) {
            md.append(String.format(Locale.ROOT, "%nAnchors: OPA's decision costs %.3f ms p50 over the empty endpoint's %.3f ms; "
                    + "Keycloak Authorization Services %.3f ms p50.%n", num(b, "p50_ms"), num(d, "p50_ms"),
                    e == null ? Double.NaN : num(e, "p50_ms")));
        }
        appendCpu(md, byName);
        md.append("\nThe load generator, the services and JMH share the machine's cores, so absolute figures move "
                + "between runs; the ratios of one run are what the goals compare. A goal marked MISSED is missed on "
                + "this machine in this run; see bench/README.md for the reasons known.\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.print(md);
    }

    /** Where each request's CPU went, per process and, within it, per thread group (µs per request). */
    @SuppressWarnings("unchecked")
    static void appendCpu(StringBuilder md, Map<String, Map<String, Object>> byName) {
        StringBuilder rows = new StringBuilder();
        for (Map<String, Object> r : byName.values()) {
            if (!(r.get("cpu_us_per_request") instanceof Map<?, ?> cpu) || cpu.isEmpty()) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            double sum = 0;
            for (Map.Entry<?, ?> process : cpu.entrySet()) {
                Map<String, Object> groups = (Map<String, Object>) process.getValue();
                double total = num(groups, "total");
                if (total < 5) {
                    continue;
                }
                sum += total;
                List<String> parts = new ArrayList<>();
                groups.forEach((group, micros) -> {
                    if (!group.equals("total")) {
                        parts.add(String.format(Locale.ROOT, "%s %.0f", group, ((Number) micros).doubleValue()));
                    }
                });
                cells.add(String.format(Locale.ROOT, "**%s %.0f**%s", process.getKey(), total,
                        parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")"));
            }
            rows.append(String.format(Locale.ROOT, "| %s | %.0f | %s |%n", r.get("name"), sum, String.join("; ", cells)));
        }
        if (rows.length() > 0) {
            md.append("\n## CPU per request\n\nMicroseconds of CPU (user + system, from `/proc/<pid>/task/*/stat`) the services "
                    + "spent per request during the measured rounds, per process and per thread group. On two saturated cores "
                    + "latency at a fixed concurrency follows these sums, so they say where the ratios above come from.\n\n"
                    + "| scenario | µs per request | where |\n| --- | ---: | --- |\n").append(rows);
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**MISSED**";
    }

    private static double num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    /** p50, p99 and single-thread ops/s of the JMH sample-time result. */
    private static Map<String, Object> jmhResult(Path json) throws Exception {
        List<Object> runs = JSONArrayUtils.parse(Files.readString(json));
        @SuppressWarnings("unchecked")
        Map<String, Object> primary = (Map<String, Object>) ((Map<String, Object>) runs.get(0)).get("primaryMetric");
        @SuppressWarnings("unchecked")
        Map<String, Object> percentiles = (Map<String, Object>) primary.get("scorePercentiles");
        String unit = (String) primary.get("scoreUnit");
        double toMs = unit.startsWith("us") ? 1e-3 : unit.startsWith("ns") ? 1e-6 : 1;
        double meanMs = ((Number) primary.get("score")).doubleValue() * toMs;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("p50_ms", ((Number) percentiles.get("50.0")).doubleValue() * toMs);
        result.put("p99_ms", ((Number) percentiles.get("99.0")).doubleValue() * toMs);
        result.put("ops_per_s", 1000.0 / meanMs);
        return result;
    }
}
