package io.purposegate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * The closed-loop load generator for the PDP benchmark when {@code wrk} (Debian's package) is present:
 * one wrk thread keeping {@code concurrency} keep-alive connections busy for a fixed time. wrk is a
 * small C program on epoll, so on this 2-core machine it takes far less CPU from the services under
 * test than a JVM client. Its latency distribution (read as 1,000 quantiles, microseconds) is copied into
 * the same HdrHistogram the JVM generator fills, so reports and rounds work alike. Set {@code PURPOSEGATE_BENCH_LOADGEN=jdk} to
 * use the JVM generator instead.
 */
final class Wrk {

    private static final String LUA = """
            wrk.method = "%s"
            %s
            %s
            %s
            done = function(summary, latency, requests)
              local out = io.open("%s", "w")
              local e = summary.errors
              out:write(summary.requests, " ", summary.duration, " ", e.status + e.connect + e.read + e.write + e.timeout, "\\n")
              -- the latency distribution as 1,000 quantiles, each standing for a thousandth of the requests
              for i = 0, 999 do
                out:write(latency:percentile((i + 0.5) / 10), "\\n")
              end
              %s
              out:close()
            end
            """;

    /** Counts the answers per HTTP status in each wrk thread; {@code done} writes them as "status CODE COUNT" lines. */
    private static final String COUNT_STATUSES = """
            local threads = {}
            function setup(thread) table.insert(threads, thread) end
            statuses = {}
            function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
            """;
    private static final String WRITE_STATUSES = """
            for _, thread in ipairs(threads) do
                for status, count in pairs(thread:get("statuses")) do out:write("status ", status, " ", count, "\\n") end
              end
            """;

    /** What one wrk run measured: its length, the answers that were errors (not 2xx/3xx, or socket errors) and, when counted, the statuses. */
    record Outcome(double seconds, long errors, Map<Integer, Long> statuses) {
    }

    private Wrk() {
    }

    static boolean configured() {
        String choice = System.getenv().getOrDefault("PURPOSEGATE_BENCH_LOADGEN", "auto");
        if (choice.equals("jdk")) {
            return false;
        }
        boolean present = Files.isExecutable(Path.of(binary()));
        if (choice.equals("wrk") && !present) {
            throw new IllegalStateException("PURPOSEGATE_BENCH_LOADGEN=wrk but " + binary() + " is missing (apt-get install wrk)");
        }
        return present;
    }

    static String binary() {
        return System.getenv().getOrDefault("PURPOSEGATE_BENCH_WRK", "/usr/bin/wrk");
    }

    static int seconds() {
        return Integer.parseInt(System.getenv().getOrDefault("PURPOSEGATE_BENCH_ROUND_SECONDS", "5"));
    }

    /** Warm-up per scenario: long enough for the JVMs' JIT to settle (it took most of the PDP's CPU after 5 s). */
    static int warmupSeconds() {
        return Integer.parseInt(System.getenv().getOrDefault("PURPOSEGATE_BENCH_WARMUP_SECONDS", "45"));
    }

    /** Runs {@code scenario} for {@link #seconds()}; adds its latencies to {@code histogram}; returns {seconds, not-2xx}. */
    static double[] run(PdpBench.Scenario scenario, int concurrency, Histogram histogram)
            throws IOException, InterruptedException {
        Outcome outcome = runFor(scenario, concurrency, seconds(), histogram, false);
        return new double[] {outcome.seconds(), outcome.errors()};
    }

    /** Runs {@code scenario} for {@code seconds}, as warm-up: nothing is kept. */
    static void warmUp(PdpBench.Scenario scenario, int concurrency) throws IOException, InterruptedException {
        runFor(scenario, concurrency, warmupSeconds(), new Histogram(3), false);
    }

    /** Runs {@code scenario} for {@code seconds} (a Lua callback per answer counts its status). */
    static Outcome runCountingStatuses(PdpBench.Scenario scenario, int concurrency, int seconds, Histogram histogram)
            throws IOException, InterruptedException {
        return runFor(scenario, concurrency, seconds, histogram, true);
    }

    private static Outcome runFor(PdpBench.Scenario scenario, int concurrency, int seconds, Histogram histogram,
            boolean countStatuses) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("purposegate-wrk");
        try {
            Path result = dir.resolve("result.txt");
            List<String> headers = new ArrayList<>();
            scenario.request().headers().map().forEach((name, values) -> values.forEach(value ->
                    headers.add(String.format(Locale.ROOT, "wrk.headers[\"%s\"] = [==[%s]==]", name, value))));
            String body = scenario.body() == null ? "" : "wrk.body = [==[" + scenario.body() + "]==]";
            Path script = dir.resolve("scenario.lua");
            Files.writeString(script, String.format(Locale.ROOT, LUA, scenario.request().method(), String.join("\n", headers),
                    body, countStatuses ? COUNT_STATUSES : "", result, countStatuses ? WRITE_STATUSES : ""), StandardCharsets.UTF_8);
            Process wrk = new ProcessBuilder(binary(), "-t1", "-c" + concurrency, "-d" + seconds + "s", "--timeout", "10s",
                    "-s", script.toString(), scenario.request().uri().toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("wrk.log").toFile()).start();
            if (!wrk.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                wrk.destroyForcibly();
                throw new IOException("wrk did not finish for " + scenario.name());
            }
            if (wrk.exitValue() != 0 || !Files.exists(result)) {
                throw new IOException("wrk failed for " + scenario.name() + ": " + Files.readString(dir.resolve("wrk.log")));
            }
            List<String> lines = Files.readAllLines(result);
            String[] summary = lines.get(0).trim().split(" ");
            long requests = Long.parseLong(summary[0]);
            List<String> quantiles = lines.stream().skip(1).filter(line -> !line.startsWith("status ")).toList();
            Map<Integer, Long> statuses = new TreeMap<>();
            lines.stream().filter(line -> line.startsWith("status ")).map(line -> line.split(" ")).forEach(status ->
                    statuses.merge(Integer.parseInt(status[1]), Long.parseLong(status[2]), Long::sum));
            if (quantiles.size() != 1000) {
                throw new IOException("wrk reported " + quantiles.size() + " latency quantiles instead of 1000 for " + scenario.name());
            }
            // each quantile stands for a thousandth of the requests, so rounds of different lengths weigh as they should
            long recorded = 0;
            for (int i = 0; i < 1000; i++) {
                long count = (requests * (i + 1)) / 1000 - (requests * i) / 1000;
                histogram.recordValueWithCount(Math.max(1, (long) Double.parseDouble(quantiles.get(i).trim())), count);
                recorded += count;
            }
            if (recorded != requests) {
                throw new IOException("latencies for " + recorded + " of " + requests + " requests for " + scenario.name());
            }
            return new Outcome(Long.parseLong(summary[1]) / 1e6, Long.parseLong(summary[2]), statuses);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
