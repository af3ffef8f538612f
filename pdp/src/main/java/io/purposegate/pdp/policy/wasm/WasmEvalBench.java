package io.purposegate.pdp.policy.wasm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/purposegate bench decisions}: the compiled policy's evaluation time in-process, for the same bundle and
 * input {@code opa bench} measures in the same run. One warmed instance (as the PDP's pool builds them), the decision
 * entrypoint, input JSON in and result JSON out, each evaluation timed.
 *
 * <p>Usage: {@code WasmEvalBench <bundle.tar.gz> <input.json> <out.json> [warm-up] [samples]}; writes
 * {@code {"what", "median_us", "p90_us", "runs", "samples"}}.
 */
public final class WasmEvalBench {

    private static final String DECISION = "purposegate/access/decision";

    private WasmEvalBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: WasmEvalBench <bundle.tar.gz> <input.json> <out.json> [warm-up] [samples]");
            System.exit(2);
        }
        WasmBundle bundle = WasmBundle.read(Files.readAllBytes(Path.of(args[0])), null, List.of(DECISION));
        byte[] input = Files.readAllBytes(Path.of(args[1]));
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 30_000;
        int samples = args.length > 4 ? Integer.parseInt(args[4]) : 50_000;
        int runs = 5;
        try (CompiledPolicy policy = new CompiledPolicy(new CompiledPolicy.Settings(1, warmup, 1024, Duration.ofSeconds(5), 1),
                DECISION, List.of(input), () -> { })) {
            policy.load(bundle);
            long[] nanos = new long[samples * runs];
            int n = 0;
            for (int run = 0; run < runs; run++) {
                for (int i = 0; i < samples; i++) {
                    long started = System.nanoTime();
                    policy.evaluate(DECISION, input);
                    nanos[n++] = System.nanoTime() - started;
                }
            }
            Arrays.sort(nanos);
            double median = nanos[nanos.length / 2] / 1000.0;
            double p90 = nanos[(int) (nanos.length * 0.9)] / 1000.0;
            String json = String.format(Locale.ROOT,
                    "{\"what\":\"compiled policy (opa build -t wasm), opa-java-wasm + Chicory, one warmed instance, input JSON in,"
                            + " result JSON out\",\"median_us\":%.1f,\"p90_us\":%.1f,\"runs\":%d,\"samples\":%d}%n",
                    median, p90, runs, samples);
            Files.writeString(Path.of(args[2]), json);
            System.out.print(json);
        }
    }
}
