package io.purposegate.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import com.nimbusds.jose.util.JSONArrayUtils;

/**
 * The load run of {@code bin/purposegate bench decisions} (issue 13): the targets interleaved in rounds, each for a
 * fixed time per round at a fixed number of connections (closed loop), and for each target window: every answer's
 * status, the CPU every process of the stack spent ({@link CpuAccounting}), and what the services counted
 * ({@link PrometheusCounters}: why the PDP did not decide). The PDP's resident memory is read after the load.
 *
 * <p>{@code decisions-load <token> <out.json> <concurrency> <seconds per round> <rounds> <target>...
 * [--cpu-pid process=pid]... [--rss-pid target=pid]... [--metrics service=url]...}; targets are the scenarios of
 * {@link PdpBench} ({@code keycloak-authz}, {@code pdp}, {@code crm}, {@code crm-nosdk}).
 */
final class DecisionsLoad {

    private DecisionsLoad() {
    }

    static void run(String[] args) throws Exception {
        String token = args[1];
        Path out = Path.of(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);
        List<String> names = new ArrayList<>();
        Map<String, String> cpuPids = new LinkedHashMap<>();
        Map<String, String> rssPids = new LinkedHashMap<>();
        Map<String, String> metrics = new LinkedHashMap<>();
        for (int i = 6; i < args.length; i++) {
            switch (args[i]) {
                case "--cpu-pid" -> put(cpuPids, args[++i]);
                case "--rss-pid" -> put(rssPids, args[++i]);
                case "--metrics" -> put(metrics, args[++i]);
                default -> names.add(args[i]);
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        CpuAccounting cpu = new CpuAccounting(cpuPids);
        Map<String, PdpBench.Scenario> scenarios = new LinkedHashMap<>();
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        Map<String, double[]> secondsAndSocketErrors = new LinkedHashMap<>();
        Map<String, Map<Integer, Long>> statuses = new LinkedHashMap<>();
        Map<String, Map<String, Map<String, Double>>> counters = new LinkedHashMap<>();
        int warmup = Wrk.warmupSeconds();
        for (String name : names) {
            scenarios.put(name, PdpBench.scenario(name, token));
            histograms.put(name, new Histogram(3));
            secondsAndSocketErrors.put(name, new double[2]);
            statuses.put(name, new TreeMap<>());
            counters.put(name, new TreeMap<>());
            System.out.printf(Locale.ROOT, "==> bench: warming up %s (%d s, %d connections)%n", name, warmup, concurrency);
            measure(http, scenarios.get(name), concurrency, warmup, new Histogram(3));
        }
        // rounds interleave the targets, so background load on the shared machine hits them alike
        for (int round = 1; round <= rounds; round++) {
            System.out.printf(Locale.ROOT, "==> bench: round %d of %d (%d s per target, %d connections)%n", round, rounds,
                    seconds, concurrency);
            for (String name : names) {
                Histogram histogram = histograms.get(name);
                long countBefore = histogram.getTotalCount();
                Map<String, Map<String, Double>> countersBefore = scrapeAll(metrics);
                var cpuBefore = cpu.snapshot();
                Wrk.Outcome outcome = measure(http, scenarios.get(name), concurrency, seconds, histogram);
                cpu.add(name, cpuBefore, cpu.snapshot(), histogram.getTotalCount() - countBefore);
                Map<String, Map<String, Double>> countersAfter = scrapeAll(metrics);
                countersAfter.forEach((service, after) -> PrometheusCounters.addDelta(countersBefore.getOrDefault(service, Map.of()),
                        after, counters.get(name).computeIfAbsent(service, s -> new TreeMap<>())));
                outcome.statuses().forEach((status, count) -> statuses.get(name).merge(status, count, Long::sum));
                long statusErrors = outcome.statuses().entrySet().stream().filter(e -> e.getKey() > 399)
                        .mapToLong(Map.Entry::getValue).sum();
                secondsAndSocketErrors.get(name)[0] += outcome.seconds();
                secondsAndSocketErrors.get(name)[1] += Math.max(0, outcome.errors() - statusErrors);
            }
        }
        List<Object> results = new ArrayList<>();
        String measuredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (String name : names) {
            Histogram histogram = histograms.get(name);
            double[] totals = secondsAndSocketErrors.get(name);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", name);
            result.put("what", scenarios.get(name).what());
            result.put("count", histogram.getTotalCount());
            result.put("seconds", totals[0]);
            result.put("throughput", histogram.getTotalCount() / totals[0]);
            result.put("p50_ms", histogram.getValueAtPercentile(50) / 1000.0);
            result.put("p99_ms", histogram.getValueAtPercentile(99) / 1000.0);
            result.put("max_ms", histogram.getMaxValue() / 1000.0);
            Map<String, Object> byStatus = new LinkedHashMap<>();
            statuses.get(name).forEach((status, count) -> byStatus.put(String.valueOf(status), count));
            result.put("statuses", byStatus);
            result.put("socket_errors", (long) totals[1]);
            long non2xx = statuses.get(name).entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() > 299)
                    .mapToLong(Map.Entry::getValue).sum() + (long) totals[1];
            result.put("non_2xx", non2xx);
            Map<String, Object> perProcess = cpu.perRequest(name);
            result.put("cpu_us_per_request", perProcess);
            result.put("stack_cpu_us_per_request", perProcess.values().stream()
                    .mapToDouble(groups -> ((Number) ((Map<?, ?>) groups).get("total")).doubleValue()).sum());
            result.put("counters", counters.get(name));
            if (rssPids.containsKey(name)) {
                result.putAll(PdpBench.memory(rssPids.get(name)));
            }
            result.put("concurrency", concurrency);
            result.put("rounds", rounds);
            result.put("round_seconds", seconds);
            result.put("processes", new ArrayList<>(cpuPids.keySet()));
            result.put("measured_at", measuredAt);
            result.put("generator", Wrk.configured()
                    ? "wrk, one thread, " + concurrency + " keep-alive connections, " + seconds + " s per target per round after a warm-up of "
                            + warmup + " s per target"
                    : "JDK HttpClient, " + concurrency + " workers, " + seconds + " s per target per round after a warm-up of "
                            + warmup + " s per target");
            System.out.printf(Locale.ROOT, "    %s: %.0f req/s, p50 %.3f ms, p99 %.3f ms, %d not 2xx, stack CPU %.0f µs per request%n",
                    name, (double) result.get("throughput"), (double) result.get("p50_ms"), (double) result.get("p99_ms"),
                    non2xx, (double) result.get("stack_cpu_us_per_request"));
            results.add(result);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, JSONArrayUtils.toJSONString(results));
    }

    private static void put(Map<String, String> map, String nameValue) {
        String[] parts = nameValue.split("=", 2);
        if (parts.length != 2 || parts[1].isBlank()) {
            throw new IllegalArgumentException("expected name=value, got '" + nameValue + "'");
        }
        map.put(parts[0], parts[1]);
    }

    private static Map<String, Map<String, Double>> scrapeAll(Map<String, String> metrics) {
        Map<String, Map<String, Double>> now = new LinkedHashMap<>();
        metrics.forEach((service, url) -> now.put(service, PrometheusCounters.scrape(url)));
        return now;
    }

    /** Closed loop for {@code seconds}: wrk when present, else {@code concurrency} JDK HttpClient workers. */
    private static Wrk.Outcome measure(HttpClient http, PdpBench.Scenario scenario, int concurrency, int seconds, Histogram histogram)
            throws Exception {
        if (Wrk.configured()) {
            return Wrk.runCountingStatuses(scenario, concurrency, seconds, histogram);
        }
        Recorder recorder = new Recorder(3);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong socketErrors = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                running.add(workers.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<byte[]> response = http.send(scenario.request(), HttpResponse.BodyHandlers.ofByteArray());
                            statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                        } catch (IOException e) {
                            socketErrors.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        recorder.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
                    }
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            workers.shutdown();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        histogram.add(recorder.getIntervalHistogram());
        Map<Integer, Long> counted = new TreeMap<>();
        statuses.forEach((status, count) -> counted.put(status, count.get()));
        long errors = socketErrors.get() + counted.entrySet().stream().filter(e -> e.getKey() > 399).mapToLong(Map.Entry::getValue).sum();
        return new Wrk.Outcome(elapsed, errors, counted);
    }
}
