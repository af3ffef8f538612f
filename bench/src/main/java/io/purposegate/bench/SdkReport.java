package io.purposegate.bench;

import static io.purposegate.bench.LoadResults.num;
import static io.purposegate.bench.LoadResults.require;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.util.JSONArrayUtils;

/**
 * {@code bench/results/sdk.md}: what the SDK costs an application. The same {@code GET /customers/c-1} on two
 * demo-crm processes of the same build, one with enforcement (SDK filters, a PDP decision per request,
 * minimisation of the body) and one without, measured interleaved at the same concurrency; the PDP's own
 * decision from the same run is the anchor that says how much of the added latency is the decision itself.
 */
final class SdkReport {

    private SdkReport() {
    }

    static void write(Path out, Path load) throws Exception {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Object result : JSONArrayUtils.parse(Files.readString(load))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) result;
            byName.put((String) r.get("name"), r);
        }
        Map<String, Object> with = require(byName, "crm");
        Map<String, Object> without = require(byName, "crm-nosdk");
        Map<String, Object> pdp = byName.get("pdp");

        StringBuilder md = new StringBuilder();
        md.append("# SDK benchmark (issue 6)\n\n");
        md.append("Written by `bin/purposegate bench sdk` on ").append(Instant.now()).append(".\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores (shared with every service under test and the load "
                + "generator), Java %s. Closed loop on 127.0.0.1 (%s; latencies in HdrHistogram), concurrency %s, "
                + "scenarios interleaved in %s rounds, same token, same record.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), with.get("generator"),
                with.get("concurrency"), with.get("rounds")));
        md.append("| scenario | what | p50 ms | p99 ms | req/s | not 200 |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (Map<String, Object> r : byName.values()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.0f | %d |%n", r.get("name"), r.get("what"),
                    num(r, "p50_ms"), num(r, "p99_ms"), num(r, "throughput"), ((Number) r.getOrDefault("errors", 0)).longValue()));
        }
        double added = num(with, "p50_ms") - num(without, "p50_ms");
        md.append("\n## What the SDK adds\n\n| figure | value |\n| --- | --- |\n");
        md.append(String.format(Locale.ROOT, "| added p50 latency (with − without) | %.3f ms (%.3f vs %.3f ms) |%n",
                added, num(with, "p50_ms"), num(without, "p50_ms")));
        md.append(String.format(Locale.ROOT, "| added p99 latency | %.3f ms (%.3f vs %.3f ms) |%n",
                num(with, "p99_ms") - num(without, "p99_ms"), num(with, "p99_ms"), num(without, "p99_ms")));
        md.append(String.format(Locale.ROOT, "| throughput ratio (with / without) | %.3f (%.0f vs %.0f req/s) |%n",
                num(with, "throughput") / num(without, "throughput"), num(with, "throughput"), num(without, "throughput")));
        if (pdp != null) {
            md.append(String.format(Locale.ROOT, "| the PDP's decision alone (anchor), p50 | %.3f ms: the SDK's own share of "
                    + "the added p50 is %.3f ms (the request filter, the hop to the PDP, minimising the body) |%n",
                    num(pdp, "p50_ms"), added - num(pdp, "p50_ms")));
        }
        PdpBench.appendCpu(md, byName);
        md.append("\nEvery request with the SDK is a PDP decision (token check, consent registry, OPA, a durable decision-log "
                + "entry), so the SDK's cost is mostly the PDP's: see `bench/results/pdp.md` for that decision's "
                + "own anchors. The optional decision cache (off by default, `docs/sdk.md`) is not used here. "
                + "The services and the load generator share the machine's cores, so absolute figures move between "
                + "runs; compare the figures of one run.\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.print(md);
    }

}
