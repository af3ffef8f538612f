package io.purposegate.pdp.policy;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A real OPA process on a free port, configured to poll a bundle service, for tests; never a fixed port. */
final class RealOpa implements AutoCloseable {

    private final Process process;
    final int port;
    final Path logFile;

    private RealOpa(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    static Path binary() {
        Path opa = Path.of(System.getProperty("purposegate-test.opa-binary", "../.tools/bin/opa"));
        if (!Files.isExecutable(opa)) {
            throw new IllegalStateException("OPA binary not found at " + opa.toAbsolutePath()
                    + ": run 'bin/purposegate test' (which installs it into .tools/bin) or set -Dpurposegate-test.opa-binary");
        }
        return opa;
    }

    /** Starts OPA polling {@code bundleService}/{@code resource} and waits until the bundle is active. */
    static RealOpa pollingBundle(Path workDir, String bundleService, String resource) throws IOException, InterruptedException {
        int port = freePort();
        Path config = workDir.resolve("opa-config.yaml");
        Files.writeString(config, """
                services:
                  pdp:
                    url: %s
                bundles:
                  purposegate:
                    service: pdp
                    resource: %s
                    polling:
                      min_delay_seconds: 1
                      max_delay_seconds: 2
                """.formatted(bundleService, resource));
        Path log = workDir.resolve("opa.log");
        Process process = new ProcessBuilder(binary().toString(), "run", "--server", "--addr=127.0.0.1:" + port,
                "--skip-version-check", "--log-level=error", "--config-file=" + config)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealOpa opa = new RealOpa(process, port, log);
        opa.awaitBundle(Duration.ofSeconds(30));
        return opa;
    }

    /** Starts OPA serving {@code bundleDir} (a directory in bundle layout, loaded with {@code -b}). */
    static RealOpa servingBundleDir(Path workDir, Path bundleDir) throws IOException, InterruptedException {
        int port = freePort();
        Path log = workDir.resolve("opa.log");
        Process process = new ProcessBuilder(binary().toString(), "run", "--server", "--addr=127.0.0.1:" + port,
                "--skip-version-check", "--log-level=error", "-b", bundleDir.toAbsolutePath().normalize().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealOpa opa = new RealOpa(process, port, log);
        opa.awaitBundle(Duration.ofSeconds(30));
        return opa;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitBundle(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("OPA exited: " + Files.readString(logFile));
            }
            try {
                HttpURLConnection health = (HttpURLConnection) URI.create(url() + "/health?bundles").toURL().openConnection();
                health.setConnectTimeout(500);
                health.setReadTimeout(500);
                if (health.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // OPA still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("OPA did not activate the bundle in " + timeout + ": " + Files.readString(logFile));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
