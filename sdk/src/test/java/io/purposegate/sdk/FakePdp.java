package io.purposegate.sdk;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in PDP: {@code POST /v1/decisions} answers a scripted status and body;
 * {@code POST /v1/decisions/batch} answers one decision per resource from a scripted function (or a
 * scripted status and body); {@code GET /v1/consent-events/changes} answers scripted pages of changes
 * (an empty page after 300 ms without one). Records what it was asked.
 */
final class FakePdp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final AtomicReference<String> lastBody = new AtomicReference<>();
    final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    final AtomicInteger calls = new AtomicInteger();

    final AtomicInteger batchCalls = new AtomicInteger();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final AtomicReference<String> lastBatchBody = new AtomicReference<>();

    final AtomicInteger feedCalls = new AtomicInteger();
    final AtomicReference<String> lastFeedAuthorization = new AtomicReference<>();
    private final BlockingQueue<String> feedPages = new LinkedBlockingQueue<>();
    private volatile boolean feedDown;

    private volatile int status = 200;
    private volatile String answer = "{}";
    private volatile long delayMillis;
    private volatile String retryAfter;
    private volatile Function<JsonNode, String> batchDecision = FakePdp::allowAll;
    private volatile Integer batchStatus;
    private volatile String batchAnswer;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    FakePdp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/decisions", exchange -> {
            calls.incrementAndGet();
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            lastBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            pause();
            send(exchange, status, answer);
        });
        server.createContext("/v1/decisions/batch", exchange -> {
            batchCalls.incrementAndGet();
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            lastBatchBody.set(body);
            JsonNode resources = JSON.readTree(body).path("resources");
            batchSizes.add(resources.size());
            pause();
            if (batchStatus != null) {
                send(exchange, batchStatus, batchAnswer);
                return;
            }
            StringBuilder out = new StringBuilder("{\"decisions\":[");
            for (int i = 0; i < resources.size(); i++) {
                out.append(i == 0 ? "" : ",").append(batchDecision.apply(resources.get(i)));
            }
            send(exchange, 200, out.append("]}").toString());
        });
        server.createContext("/v1/consent-events/changes", exchange -> {
            feedCalls.incrementAndGet();
            lastFeedAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            String query = exchange.getRequestURI().getQuery();
            if (feedDown) {
                send(exchange, 503, "{\"status\":503}");
                return;
            }
            if (query == null || !query.contains("after=")) {
                send(exchange, 200, "{\"cursor\":\"c-0\",\"reset\":false,\"changes\":[]}");
                return;
            }
            try {
                String page = feedPages.poll(300, TimeUnit.MILLISECONDS);
                send(exchange, 200, page != null ? page : "{\"cursor\":\"c-1\",\"reset\":false,\"changes\":[]}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    /** The next long poll of the change feed answers this page. */
    void feedAnswers(String page) {
        feedPages.add(page);
    }

    /** The change feed answers 503 (true) or pages again (false). */
    void feedDown(boolean down) {
        this.feedDown = down;
    }

    private void pause() {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null && status == 503) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An allowing decision for every field asked. */
    static String allowAll(JsonNode resource) {
        return "{\"decision_id\":\"d-" + resource.path("id").asText() + "\",\"allow\":true,\"fields\":{\"allowed\":"
                + resource.path("fields") + ",\"masked\":{},\"denied\":[]},\"reasons\":[],\"consent_v\":3}";
    }

    void answers(int status, String body) {
        this.status = status;
        this.answer = body;
    }

    /** Batch calls answer one decision per resource from this function. */
    void batchDecides(Function<JsonNode, String> decision) {
        this.batchDecision = decision;
        this.batchStatus = null;
    }

    /** Batch calls answer this status and body, whatever they ask. */
    void batchAnswers(int status, String body) {
        this.batchStatus = status;
        this.batchAnswer = body;
    }

    /** Every 503 answer carries this {@code Retry-After} (null: none). */
    void retryAfter(String seconds) {
        this.retryAfter = seconds;
    }

    /** Every answer comes this late. */
    void delays(long millis) {
        this.delayMillis = millis;
    }

    void reset() {
        calls.set(0);
        batchCalls.set(0);
        batchSizes.clear();
        lastBody.set(null);
        lastBatchBody.set(null);
        lastAuthorization.set(null);
        delayMillis = 0;
        retryAfter = null;
        batchDecision = FakePdp::allowAll;
        batchStatus = null;
        batchAnswer = null;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
