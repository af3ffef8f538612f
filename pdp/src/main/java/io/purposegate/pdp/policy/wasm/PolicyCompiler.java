package io.purposegate.pdp.policy.wasm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.purposegate.pdp.policy.PolicyBundle;

/**
 * Compiles the policy directory with OPA ({@code opa build -t wasm}), so that OPA stays the authority over what
 * the policy means: the PDP only runs OPA's output. The source is first copied into a private snapshot, so the
 * revision (a digest of the Rego and data files, the same {@link PolicyBundle} computes for the bundle OPA loads)
 * and the compiled module always describe the same files, however the directory changes meanwhile.
 */
public final class PolicyCompiler {

    private final Path opa;
    private final List<String> entrypoints;
    private final Duration timeout;

    /** A compiled revision: the Wasm bundle for the PDP and the Rego bundle of the same files for OPA. */
    public record Compiled(WasmBundle wasm, PolicyBundle rego) {
    }

    public PolicyCompiler(Path opa, List<String> entrypoints, Duration timeout) {
        // a path is made absolute (opa build runs inside the snapshot); a bare name is looked up on the PATH
        this.opa = opa.getNameCount() > 1 ? opa.toAbsolutePath() : opa;
        this.entrypoints = List.copyOf(entrypoints);
        this.timeout = timeout;
    }

    /** Snapshots {@code policiesDir} (Rego and data files; tests left out) and compiles it. */
    public Compiled compile(Path policiesDir) throws IOException {
        Path work = Files.createTempDirectory("purposegate-policy-");
        try {
            Path source = work.resolve("source");
            copySources(policiesDir, source);
            PolicyBundle rego = PolicyBundle.build(source, PolicyBundle.defaultRoots());
            Path out = work.resolve("bundle.tar.gz");
            List<String> command = new ArrayList<>(List.of(opa.toString(), "build", "-t", "wasm", "--revision", rego.revision(),
                    "-o", out.toString()));
            for (String entrypoint : entrypoints) {
                command.add("-e");
                command.add(entrypoint);
            }
            // from inside the snapshot, so the module names files by their relative paths: the same Rego always
            // compiles to the same module wherever it lies, and a change to the data alone keeps the module
            command.add("-b");
            command.add(".");
            run(command, source, work);
            return new Compiled(WasmBundle.read(Files.readAllBytes(out), rego.revision(), entrypoints), rego);
        } finally {
            deleteTree(work);
        }
    }

    private void run(List<String> command, Path directory, Path work) throws IOException {
        Path log = work.resolve("opa-build.log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("opa build did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compiling the policy", e);
        }
        if (process.exitValue() != 0) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            throw new IOException("opa build failed (exit " + process.exitValue() + "): "
                    + (output.length() > 2000 ? output.substring(0, 2000) + "..." : output.strip()));
        }
    }

    private static void copySources(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = from.relativize(file).toString().replace('\\', '/');
                boolean policy = name.endsWith(".rego") && !name.endsWith("_test.rego");
                boolean data = name.endsWith("/data.json") || name.equals("data.json");
                if (policy || data) {
                    Path target = to.resolve(name);
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
