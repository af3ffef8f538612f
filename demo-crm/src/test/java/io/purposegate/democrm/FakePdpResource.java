package io.purposegate.democrm;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in PDP for demo-crm's own tests (the end-to-end tests use the real one). It answers
 * {@code POST /v1/decisions} with {@link #ANSWER}, and {@code POST /v1/decisions/batch} with one
 * decision per resource, in order: {@link #ANSWER}, or a denial for an owner in {@link #DENIED_OWNERS}.
 * Every request body is kept in {@link #REQUESTS}.
 */
public class FakePdpResource implements QuarkusTestResourceLifecycleManager {

    public static final String ALLOW_ALL = """
            {"decision_id":"d-all","allow":true,"fields":{"allowed":["name","email","phone","address","birth_date","orders","segment"],
             "masked":{},"denied":[]},"reasons":[]}""";

    public static final AtomicReference<String> ANSWER = new AtomicReference<>(ALLOW_ALL);
    public static final AtomicReference<String> LAST_REQUEST = new AtomicReference<>();
    public static final Set<String> DENIED_OWNERS = ConcurrentHashMap.newKeySet();
    public static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the fake PDP received: {@code single} or {@code batch}, and its JSON body. */
    public record Request(String kind, JsonNode body) {
    }

    private HttpServer server;

    /** Back to "allow everything", nothing recorded. */
    public static void reset() {
        ANSWER.set(ALLOW_ALL);
        LAST_REQUEST.set(null);
        DENIED_OWNERS.clear();
        REQUESTS.clear();
    }

    public static Request last() {
        return REQUESTS.isEmpty() ? null : REQUESTS.get(REQUESTS.size() - 1);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/decisions", exchange -> {
            String body = read(exchange);
            LAST_REQUEST.set(body);
            REQUESTS.add(new Request("single", JSON.readTree(body)));
            answer(exchange, ANSWER.get());
        });
        server.createContext("/v1/decisions/batch", exchange -> {
            String body = read(exchange);
            LAST_REQUEST.set(body);
            JsonNode request = JSON.readTree(body);
            REQUESTS.add(new Request("batch", request));
            ObjectNode response = JSON.createObjectNode();
            ArrayNode decisions = response.putArray("decisions");
            JsonNode allowed = JSON.readTree(ANSWER.get());
            for (JsonNode resource : request.path("resources")) {
                decisions.add(DENIED_OWNERS.contains(resource.path("owner").asText()) ? denial() : allowed);
            }
            answer(exchange, JSON.writeValueAsString(response));
        });
        server.start();
        return Map.of("purposegate.pdp.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static JsonNode denial() throws IOException {
        return JSON.readTree("""
                {"decision_id":"d-denied","allow":false,"fields":{"allowed":[],"masked":{},"denied":[]},
                 "reasons":[{"code":"lawful_basis.consent_missing","message":"no consent for marketing"}]}""");
    }

    private static String read(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
