package io.purposegate.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real PurposeGate stack, started once per test run through the launcher ({@code bin/purposegate up -d},
 * the same code path as a user's {@code up}) and stopped when the test JVM exits. Every end-to-end test
 * class shares it, so Keycloak boots once.
 *
 * <p>With {@code -Dpurposegate.stack=external} the tests use a stack that is already running instead.
 */
final class Stack {

    static final String KEYCLOAK = "http://127.0.0.1:8080";
    static final String REALM = KEYCLOAK + "/realms/demo";
    static final String OPA = "http://127.0.0.1:8181";
    static final String PDP = "http://127.0.0.1:8280";
    static final String CRM = "http://127.0.0.1:8380";

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Stack instance;

    private final Path root;
    private final Path state;
    private final boolean external;

    private Stack(Path root, boolean external) {
        this.root = root;
        this.state = root.resolve(".tools/state-test");
        this.external = external;
    }

    static synchronized Stack get() {
        if (instance == null) {
            Path root = Path.of(System.getProperty("purposegate.root", "..")).toAbsolutePath().normalize();
            boolean external = "external".equals(System.getProperty("purposegate.stack"));
            Stack stack = new Stack(root, external);
            if (!external) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stack.launcherQuietly("down")));
                stack.launcher("up", "-d", "--no-build", "--fresh");
            }
            instance = stack;
        }
        return instance;
    }

    /** The repository this stack runs from. */
    Path root() {
        return root;
    }

    /** Whether the tests started this stack themselves (the Keycloak distribution under .tools is then built). */
    boolean own() {
        return !external;
    }

    /** A service's log, appended across restarts. */
    Path log(String service) {
        return state.resolve("logs").resolve(service + ".log");
    }

    /** Stops one service of the stack (keycloak, opa, pdp, demo-crm). */
    void stop(String service) {
        ownLauncher("stop", service);
    }

    /** Starts one service again and waits until it is ready. */
    void start(String service) {
        ownLauncher("start", service);
    }

    private void requireOwnStack() {
        if (external) {
            throw new IllegalStateException("this test stops services; it cannot run against an external stack");
        }
    }

    /** An access token from the real Keycloak, by the password grant of a confidential demo client. */
    String accessToken(String username, String clientId, String clientSecret) throws IOException, InterruptedException {
        return tokens(username, clientId, clientSecret).path("access_token").asText();
    }

    /** Keycloak's whole token response (access, ID and refresh token) for the password grant. */
    JsonNode tokens(String username, String clientId, String clientSecret) throws IOException, InterruptedException {
        HttpResponse<String> response = postForm(REALM + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", clientId, "client_secret", clientSecret,
                "username", username, "password", username, "scope", "openid"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request for " + username + " failed: HTTP " + response.statusCode()
                    + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static HttpResponse<String> postForm(String url, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The claims of a JWT, decoded without verification (the PDP verifies; tests only read). */
    static JsonNode claims(String jwt) throws IOException {
        String payload = jwt.split("\\.")[1];
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload));
    }

    /** Runs the launcher against this stack and returns what it printed. */
    String launcher(String... args) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("bin/purposegate").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("PURPOSEGATE_STATE", state.toString());
        // the differential check compares every decision of the test run with OPA (PolicyDifferentialE2ETest)
        builder.environment().putIfAbsent("PURPOSEGATE_POLICY_DIFFERENTIAL_SAMPLE_RATE", "1");
        builder.environment().putIfAbsent("PURPOSEGATE_POLICY_DIFFERENTIAL_QUEUE_SIZE", "100000");
        try {
            Files.createDirectories(state);
            Process process = builder.start();
            StringBuilder output = new StringBuilder();
            // through System.out, so Surefire shows the launcher's progress in the build log
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> {
                    System.out.println("[stack] " + line);
                    output.append(line).append('\n');
                });
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("bin/purposegate " + String.join(" ", args) + " failed with exit code " + exit);
            }
            return output.toString();
        } catch (IOException e) {
            throw new IllegalStateException("could not run bin/purposegate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running bin/purposegate", e);
        }
    }

    /** Runs the launcher against this stack, which must be the tests' own. */
    String ownLauncher(String... args) {
        requireOwnStack();
        return launcher(args);
    }

    private void launcherQuietly(String... args) {
        try {
            launcher(args);
        } catch (RuntimeException e) {
            System.err.println("could not stop the test stack: " + e.getMessage());
        }
    }
}
