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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load generator on loopback: a fixed number of workers, each sending its next request when
 * the previous answered. Measures the same access through every layer side by side in one run, so each
 * figure has its anchor: an empty endpoint (floor), OPA alone, the PDP (token check + OPA), and demo-crm
 * (SDK + PDP + OPA). Bounded in requests and time; only 127.0.0.1 is ever addressed.
 *
 * <p>Arguments: {@code <access token> <results file> [concurrency] [requests per scenario]}.
 */
public final class LoopbackBench {

    private static final String OPA = "http://127.0.0.1:8181";
    private static final String PDP = "http://127.0.0.1:8280";
    private static final String CRM = "http://127.0.0.1:8380";
    private static final String OWNER = "00000000-0000-4000-8000-0000000a11ce";
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    record Scenario(String name, String what, HttpRequest request, int expectedStatus) {
    }

    record Result(Scenario scenario, long[] latenciesNanos, double seconds, int errors) {
        double percentileMillis(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
        }

        double throughput() {
            return latenciesNanos.length / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LoopbackBench <access token> <results file> [concurrency] [requests]");
            System.exit(2);
        }
        String token = args[0];
        Path results = Path.of(args[1]);
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 4000;

        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        String resource = "{\"type\":\"customer\",\"id\":\"c-1\",\"owner\":\"" + OWNER
                + "\",\"fields\":[\"name\",\"email\",\"phone\",\"address\",\"birth_date\",\"segment\"]}";
        String opaInput = "{\"input\":{\"token\":" + claims + ",\"action\":\"read\",\"purpose\":\"support\",\"resource\":"
                + resource + ",\"context\":{}}}";
        String decisionBody = "{\"action\":\"read\",\"purpose\":\"support\",\"resource\":" + resource + "}";

        List<Scenario> scenarios = List.of(
                new Scenario("floor", "OPA `GET /health` (an empty loopback HTTP endpoint)",
                        HttpRequest.newBuilder(URI.create(OPA + "/health")).GET().build(), 200),
                new Scenario("opa", "OPA `POST /v1/data/purposegate/access/decision`, same input the PDP builds",
                        json(OPA + "/v1/data/purposegate/access/decision", opaInput, null), 200),
                new Scenario("pdp", "PDP `POST /v1/decisions` (token verification + OPA)",
                        json(PDP + "/v1/decisions", decisionBody, token), 200),
                new Scenario("crm", "demo-crm `GET /customers/c-1` (SDK filter + PDP + OPA + the record)",
                        HttpRequest.newBuilder(URI.create(CRM + "/customers/c-1"))
                                .header("Authorization", "Bearer " + token).header("Data-Purpose", "support")
                                .GET().build(), 200));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        List<Result> measured = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            System.out.printf(Locale.ROOT, "==> bench: %s (%d warm-up + %d requests, concurrency %d)%n",
                    scenario.name(), requests / 4, requests, concurrency);
            run(http, scenario, concurrency, requests / 4); // warm-up: JIT, connection pools, caches
            Result result = run(http, scenario, concurrency, requests);
            if (result.errors() > 0) {
                throw new IllegalStateException(scenario.name() + ": " + result.errors() + " requests did not answer "
                        + scenario.expectedStatus());
            }
            System.out.printf(Locale.ROOT, "    p50 %.3f ms, p99 %.3f ms, %.0f req/s%n", result.percentileMillis(50),
                    result.percentileMillis(99), result.throughput());
            measured.add(result);
        }
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, report(measured, concurrency, requests));
        System.out.println("==> bench: results written to " + results);
    }

    private static HttpRequest json(String url, String body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private static Result run(HttpClient http, Scenario scenario, int concurrency, int requests) throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            running.add(workers.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(scenario.request(), HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != scenario.expectedStatus()) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    latencies[i] = System.nanoTime() - sent;
                }
            }));
        }
        for (Future<?> worker : running) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        workers.shutdown();
        int done = Math.min(next.get(), requests);
        return new Result(scenario, Arrays.copyOf(latencies, done), seconds, errors.get());
    }

    private static String report(List<Result> results, int concurrency, int requests) {
        Result floor = results.get(0);
        Result opa = results.get(1);
        Result pdp = results.get(2);
        Result crm = results.get(3);
        StringBuilder md = new StringBuilder();
        md.append("# Walking-skeleton benchmark: one access through every layer\n\n");
        md.append("Written by `bin/purposegate bench` on ").append(Instant.now()).append(".\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s. Closed loop on 127.0.0.1, concurrency %d, "
                + "%d requests per scenario after %d warm-up requests; all scenarios in one run, same input.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), concurrency, requests,
                requests / 4));
        md.append("| scenario | what | p50 ms | p99 ms | req/s |\n| --- | --- | ---: | ---: | ---: |\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.0f |%n", r.scenario().name(),
                    r.scenario().what(), r.percentileMillis(50), r.percentileMillis(99), r.throughput()));
        }
        md.append("\n## Ratios (same run)\n\n| ratio | p50 | throughput |\n| --- | ---: | ---: |\n");
        ratio(md, "opa / floor", opa, floor);
        ratio(md, "pdp / opa", pdp, opa);
        ratio(md, "crm / pdp", crm, pdp);
        md.append("\nThe PDP's cost over OPA alone is the token verification and one more loopback hop; the SDK's cost "
                + "over the PDP is demo-crm's own request handling plus the hop to the PDP. The goals of the later "
                + "steps (PDP p50 <= 1.3 x (OPA + nimbus verification), Keycloak Authorization Services as an anchor, "
                + "decision-log overhead, memory) are measured by the step-3 benchmarks.\n");
        return md.toString();
    }

    private static void ratio(StringBuilder md, String name, Result a, Result b) {
        md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", name,
                a.percentileMillis(50) / b.percentileMillis(50), a.throughput() / b.throughput()));
    }
}
