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
    /** The decision set by {@link #opaAnswers}: the batch document answers it for every item. */
    private static final AtomicReference<String> OPA_DECISION = new AtomicReference<>();
    /** When set, what the batch document answers instead (raw status and body). */
    public static final AtomicReference<OpaAnswer> OPA_BATCH_ANSWER = new AtomicReference<>();
    public static final AtomicReference<String> LAST_OPA_PATH = new AtomicReference<>();
    public static final java.util.concurrent.atomic.AtomicInteger OPA_CALLS = new java.util.concurrent.atomic.AtomicInteger();

    private HttpServer server;

    public static void opaAnswers(String decisionJson) {
        OPA_DECISION.set(decisionJson);
        OPA_BATCH_ANSWER.set(null);
        OPA_ANSWER.set(new OpaAnswer(200, "{\"result\":" + decisionJson + "}"));
    }

    /** Both documents answer this (a status of 0: slower than the PDP's budget). */
    public static void opaAnswersRaw(int status, String body) {
        OPA_DECISION.set(null);
        OPA_BATCH_ANSWER.set(null);
        OPA_ANSWER.set(new OpaAnswer(status, body));
    }

    /** The batch document answers this, whatever the items. */
    public static void opaBatchAnswersRaw(int status, String body) {
        OPA_BATCH_ANSWER.set(new OpaAnswer(status, body));
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
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            LAST_OPA_REQUEST.set(request);
            LAST_OPA_PATH.set(exchange.getRequestURI().getPath());
            OPA_CALLS.incrementAndGet();
            OpaAnswer answer = OPA_ANSWER.get();
            if (exchange.getRequestURI().getPath().contains("/batch/")) {
                answer = batchAnswer(request, answer);
            }
            if (answer.status() == 0) {
                sleepQuietly(2_000); // slower than the PDP's budget
                respond(exchange, 200, "{\"result\":{\"allow\":true,\"reasons\":[],\"fields\":{\"allowed\":[],\"denied\":[]}}}");
            } else {
                respond(exchange, answer.status(), answer.body());
            }
        });
        server.createContext("/realms/demo/protocol/openid-connect/token",
                exchange -> respond(exchange, 200, "{\"access_token\":\"service-account-token\",\"expires_in\":300}"));
        // the consent resync: a realm without subjects, one page (so the registry's first resync succeeds)
        server.createContext("/admin/realms/demo/privacy/sync/subjects",
                exchange -> respond(exchange, 200, "{\"subjects\":[],\"next\":null}"));
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

    /** The batch document's answer: the set batch answer, or the set decision once per item. */
    private static OpaAnswer batchAnswer(String request, OpaAnswer single) {
        OpaAnswer batch = OPA_BATCH_ANSWER.get();
        if (batch != null) {
            return batch;
        }
        String decision = OPA_DECISION.get();
        if (decision == null || single.status() != 200) {
            return single;
        }
        int items;
        try {
            items = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request).path("input").path("items").size();
        } catch (IOException e) {
            return new OpaAnswer(400, "{\"code\":\"invalid_parameter\"}");
        }
        return new OpaAnswer(200, "{\"result\":[" + String.join(",", java.util.Collections.nCopies(items, decision)) + "]}");
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
