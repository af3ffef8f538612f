package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The production-like deployment's realm (docker/keycloak/production-realm.json) imported by a second,
 * real Keycloak the way the compose deployment imports it: no demo users, and the confidential clients'
 * secrets taken from the environment through Keycloak's import placeholders, never the demo realm's.
 * It runs the distribution the test stack built (with the providers) on free ports and its own database.
 */
class ProductionRealmE2ETest {

    private static final String REALM = "purposegate";
    private static final String PDP_SECRET = "generated-" + UUID.randomUUID();

    private static Path work;
    private static Process keycloak;
    private static String base;

    @BeforeAll
    static void importAndStart() throws Exception {
        Stack stack = Stack.get();
        Path kcsh = stack.root().resolve(".tools/keycloak-26.7.3/bin/kc.sh");
        assertThat(kcsh).as("the Keycloak distribution the test stack runs").isExecutable();
        work = Files.createTempDirectory(Files.createDirectories(stack.root().resolve("e2e/target")), "production-realm-");
        int port = freePort();
        base = "http://127.0.0.1:" + port;

        // the import starts the management interface too: never on the test stack's port 9000
        run(kcsh, List.of("import", "--optimized", "--http-management-port=" + freePort(), "--file",
                stack.root().resolve("docker/keycloak/production-realm.json").toString()), work.resolve("import.log"));
        keycloak = start(kcsh, List.of("start", "--optimized", "--http-enabled=true", "--http-host=127.0.0.1",
                "--http-port=" + port, "--http-management-port=" + freePort(), "--hostname=" + base), work.resolve("server.log"));
        Awaitility.await("Keycloak with the production realm answers; see " + work)
                .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .failFast("Keycloak with the production realm stopped; see " + work, () -> !keycloak.isAlive())
                .until(() -> status(base + "/realms/" + REALM) == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (keycloak != null) {
            keycloak.descendants().forEach(ProcessHandle::destroy);
            keycloak.destroy();
            keycloak.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void thePdpClientTakesTheSuppliedSecretAndNotTheDemoOne() throws Exception {
        HttpResponse<String> supplied = clientCredentials("pdp", PDP_SECRET);
        assertThat(supplied.statusCode()).as(supplied.body()).isEqualTo(200);
        JsonNode claims = Stack.claims(Stack.JSON.readTree(supplied.body()).path("access_token").asText());
        assertThat(claims.path("iss").asText()).isEqualTo(base + "/realms/" + REALM);
        assertThat(claims.path("realm_access").path("roles")).extracting(JsonNode::asText)
                .containsExactly("purposegate-consent-sync");

        assertThat(clientCredentials("pdp", "pdp-secret").statusCode()).isEqualTo(401);
        assertThat(clientCredentials("demo-crm", "demo-crm-secret").statusCode()).isEqualTo(401);
    }

    @Test
    void theRealmHasNoDemoUsers() throws Exception {
        HttpResponse<String> alice = Stack.postForm(base + "/realms/" + REALM + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "support-console", "client_secret", "support-console-secret",
                "username", "alice", "password", "alice"));
        assertThat(alice.statusCode()).isEqualTo(401);

        String admin = Stack.JSON.readTree(Stack.postForm(base + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "bootstrap-only"))
                .body()).path("access_token").asText();
        HttpResponse<String> users = Stack.HTTP.send(HttpRequest.newBuilder(
                URI.create(base + "/admin/realms/" + REALM + "/users?max=1000&briefRepresentation=true"))
                .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(Stack.JSON.readTree(users.body())).as("users of the production realm").isEmpty();
    }

    private static HttpResponse<String> clientCredentials(String client, String secret) throws IOException, InterruptedException {
        return Stack.postForm(base + "/realms/" + REALM + "/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", secret));
    }

    private static Process start(Path kcsh, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(kcsh.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        // the database of this Keycloak alone, and the secrets compose would supply
        env.put("JAVA_OPTS_APPEND", "-Dkc.db-url-path=" + work.resolve("db"));
        env.put("PURPOSEGATE_PDP_CLIENT_SECRET", PDP_SECRET);
        env.put("PURPOSEGATE_DEMO_CRM_CLIENT_SECRET", "generated-" + UUID.randomUUID());
        env.put("PURPOSEGATE_SUPPORT_CONSOLE_CLIENT_SECRET", "generated-" + UUID.randomUUID());
        env.put("PURPOSEGATE_MARKETING_APP_CLIENT_SECRET", "generated-" + UUID.randomUUID());
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "bootstrap-only");
        return builder.start();
    }

    private static void run(Path kcsh, List<String> args, Path log) throws IOException, InterruptedException {
        Process process = start(kcsh, args, log);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("kc.sh " + args.get(0) + " finishes; see " + log).isTrue();
        assertThat(process.exitValue()).as("kc.sh " + args.get(0) + " succeeds; see " + log).isZero();
    }

    private static int status(String url) {
        try {
            return Stack.HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
