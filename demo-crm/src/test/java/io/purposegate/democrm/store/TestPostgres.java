package io.purposegate.democrm.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for this test JVM: Debian's (or any) {@code initdb} and {@code pg_ctl}
 * from {@code /usr/lib/postgresql/<version>/bin} (or {@code PURPOSEGATE_TEST_PG_BIN}), a data folder in
 * {@code target/}, a free port on the loopback interface, trust authentication, no fsync. Started on first
 * use, stopped and deleted when the JVM exits. As root it runs as the {@code postgres} user, since
 * PostgreSQL refuses to run as root.
 *
 * <p>The same as the PDP's test cluster (io.purposegate.pdp.store.TestPostgres): each module's tests run
 * on their own ({@code mvn -pl pdp verify} needs no other module), so neither borrows the other's.
 */
final class TestPostgres {

    static final String USER = "purposegate";

    private static String baseUrl;

    private TestPostgres() {
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/}, the cluster started once per JVM. */
    static synchronized String baseUrl() {
        if (baseUrl == null) {
            baseUrl = start();
        }
        return baseUrl;
    }

    private static String start() {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path folder = Files.createDirectories(Path.of("target", "test-postgres").toAbsolutePath())
                    .resolve("cluster-" + ProcessHandle.current().pid());
            deleteRecursively(folder);
            Files.createDirectories(folder);
            if (root) {
                run(List.of("chown", "postgres:", folder.toString()), false, folder);
            }
            Path data = folder.resolve("data");
            int port = freePort();
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                    "--locale=C", "--no-sync"), root, folder);
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", folder.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                            + folder + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "start"), root, folder);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), root,
                            folder);
                    deleteRecursively(folder);
                } catch (IOException | RuntimeException e) {
                    System.err.println("test PostgreSQL in " + folder + " not stopped cleanly: " + e.getMessage());
                }
            }, "test-postgres-stop"));
            return "jdbc:postgresql://127.0.0.1:" + port + "/";
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a test PostgreSQL cluster with " + bin + ": " + e.getMessage(), e);
        }
    }

    private static Path binaries() {
        String configured = System.getenv("PURPOSEGATE_TEST_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> installed = Files.list(versions)) {
                List<Path> bins = installed.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .sorted(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())))
                        .toList();
                if (!bins.isEmpty()) {
                    return bins.get(bins.size() - 1);
                }
            } catch (IOException e) {
                // reported below
            }
        }
        throw new IllegalStateException("the PostgreSQL store tests need PostgreSQL's server programs (initdb, pg_ctl):"
                + " install them (Debian: apt-get install postgresql), set PURPOSEGATE_TEST_PG_BIN to their folder, or point"
                + " PURPOSEGATE_TEST_PG_URL (with _USER, _PASSWORD) at a PostgreSQL server where the tests may create databases");
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void run(List<String> command, boolean asPostgres, Path folder) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("test-postgres", ".log");
        try {
            Process process = new ProcessBuilder(full).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " failed (" + process.exitValue() + "): " + Files.readString(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
