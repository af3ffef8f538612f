package io.purposegate.pdp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.purposegate.pdp.token.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for Keycloak's JWKS endpoint and for OPA in the PDP's HTTP-surface tests.
 * The real ones are exercised by the end-to-end tests.
 */
public class FakeNeighbours implements QuarkusTestResourceLifecycleManager {

    /** What the fake OPA answers: a raw HTTP status and body. */
    public record OpaAnswer(int status, String body) {
    }

    public static final AtomicReference<OpaAnswer> OPA_ANSWER = new AtomicReference<>();
    public static final AtomicReference<String> LAST_OPA_REQUEST = new AtomicReference<>();

    private HttpServer server;

    public static void opaAnswers(String decisionJson) {
        OPA_ANSWER.set(new OpaAnswer(200, "{\"result\":" + decisionJson + "}"));
    }

    public static void opaAnswersRaw(int status, String body) {
        OPA_ANSWER.set(new OpaAnswer(status, body));
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String jwks = new JWKSet(TestTokens.key().toPublicJWK()).toString();
        server.createContext("/realms/demo/protocol/openid-connect/certs", exchange -> respond(exchange, 200, jwks));
        server.createContext("/opa/v1/data/", exchange -> {
            LAST_OPA_REQUEST.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            OpaAnswer answer = OPA_ANSWER.get();
            if (answer.status() == 0) {
                sleepQuietly(2_000); // slower than the PDP's budget
                respond(exchange, 200, "{\"result\":{\"allow\":true,\"reasons\":[],\"fields\":{\"allowed\":[],\"denied\":[]}}}");
            } else {
                respond(exchange, answer.status(), answer.body());
            }
        });
        server.createContext("/realms/demo/protocol/openid-connect/token",
                exchange -> respond(exchange, 200, "{\"access_token\":\"service-account-token\",\"expires_in\":300}"));
        server.createContext("/admin/realms/demo/privacy/consents", exchange -> respond(exchange, 200, "[]"));
        server.createContext("/admin/realms/demo/privacy/users/", exchange -> respond(exchange, 404, ""));
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        java.nio.file.Path store;
        try {
            store = java.nio.file.Files.createTempDirectory("pdp-test-store");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "purposegate.token.issuer", TestTokens.ISSUER,
                "purposegate.token.jwks-url", base + "/realms/demo/protocol/openid-connect/certs",
                "purposegate.opa.url", base + "/opa",
                "purposegate.opa.timeout", "300ms",
                "purposegate.store.jdbc-url", "jdbc:h2:file:" + store.resolve("pdp") + ";WRITE_DELAY=0",
                "purposegate.consent.admin-url", base + "/admin/realms/demo",
                "purposegate.consent.token-url", base + "/realms/demo/protocol/openid-connect/token",
                "purposegate.bundle.policies-dir", System.getProperty("purposegate-test.policies", "../policies"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
