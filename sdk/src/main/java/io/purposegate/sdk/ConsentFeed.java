package io.purposegate.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keeps a {@link DecisionCache} honest: long-polls the PDP's consent change feed
 * ({@code GET {pdp}/v1/consent-events/changes?after={cursor}&wait=25}) in one daemon thread and drops the
 * cached decisions of every subject whose consent changed. A {@code reset} drops everything. Any failure
 * (the PDP unreachable, an answer other than {@code 200}, one that is not a page of changes, no token)
 * drops everything and stops the cache from serving until the feed answers again, from a fresh cursor.
 *
 * <p>The feed needs its own bearer token with the realm role {@code purposegate-enforcer}: the supplier is
 * asked before every call (for example a client-credentials token of the application's confidential
 * client, refreshed by the application).
 *
 * <pre>{@code
 * DecisionCache cache = new DecisionCache(Duration.ofSeconds(5), 10_000);
 * ConsentFeed feed = new ConsentFeed(pdpUrl, enforcerTokens::current, cache).start();
 * ... feed.close() on shutdown
 * }</pre>
 */
public final class ConsentFeed implements AutoCloseable {

    /** Seconds the PDP holds a poll open when nothing changes. */
    public static final int DEFAULT_WAIT_SECONDS = 25;

    private static final Logger LOG = Logger.getLogger(ConsentFeed.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final Supplier<String> bearerToken;
    private final DecisionCache cache;
    private final int waitSeconds;
    private final Duration firstRetry;
    private final Client client;
    private final WebTarget changes;
    private volatile boolean running;
    private volatile Thread thread;

    /**
     * @param pdpUrl base URL of the PDP
     * @param bearerToken a token with the realm role {@code purposegate-enforcer}, asked for before every call
     */
    public ConsentFeed(URI pdpUrl, Supplier<String> bearerToken, DecisionCache cache) {
        this(pdpUrl, bearerToken, cache, DEFAULT_WAIT_SECONDS, Duration.ofSeconds(1));
    }

    ConsentFeed(URI pdpUrl, Supplier<String> bearerToken, DecisionCache cache, int waitSeconds, Duration firstRetry) {
        this.bearerToken = Objects.requireNonNull(bearerToken, "bearerToken");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.waitSeconds = waitSeconds;
        this.firstRetry = firstRetry;
        this.client = ClientBuilder.newBuilder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(waitSeconds + 10L, TimeUnit.SECONDS)
                .build();
        this.changes = client.target(pdpUrl).path("v1/consent-events/changes");
    }

    /** Starts the feed's daemon thread; the cache serves once the feed first answered. */
    public synchronized ConsentFeed start() {
        if (thread == null) {
            running = true;
            thread = new Thread(this::run, "purposegate-consent-feed");
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    /** Stops the feed; the cache stops serving. */
    @Override
    public void close() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
        cache.suspend();
        client.close();
    }

    private void run() {
        String cursor = null;
        Duration retry = firstRetry;
        while (running) {
            try {
                JsonNode page = poll(cursor);
                if (cursor == null) {
                    // a fresh start: nothing is cached yet (the cache did not store while suspended)
                    cache.clear();
                    cache.resume();
                } else if (page.get("reset").asBoolean()) {
                    cache.clear();
                } else {
                    for (JsonNode change : page.get("changes")) {
                        JsonNode v = change.get("v");
                        cache.consentChanged(change.get("subject").asText(), v != null && v.canConvertToInt() ? v.asInt() : null);
                    }
                }
                cursor = page.get("cursor").asText();
                retry = firstRetry;
            } catch (RuntimeException | FeedException e) {
                if (!running) {
                    break;
                }
                cache.suspend();
                cursor = null;
                LOG.log(Level.WARNING, "consent feed failed ({0}); the decision cache is off until it answers again",
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            }
        }
        cache.suspend();
    }

    private static final class FeedException extends Exception {
        private static final long serialVersionUID = 1L;

        FeedException(String message) {
            super(message);
        }
    }

    /** @return a well-formed page: {@code cursor} a string, {@code reset} a boolean, {@code changes} subjects */
    private JsonNode poll(String cursor) throws FeedException {
        String token = bearerToken.get();
        if (token == null || token.isBlank()) {
            throw new FeedException("no token for the feed");
        }
        WebTarget target = cursor == null ? changes.queryParam("wait", 0)
                : changes.queryParam("after", cursor).queryParam("wait", waitSeconds);
        String body;
        try (Response response = target.request(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).get()) {
            if (response.getStatus() != 200) {
                throw new FeedException("HTTP " + response.getStatus());
            }
            body = response.readEntity(String.class);
        }
        JsonNode page;
        try {
            page = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new FeedException("not a page of changes");
        }
        if (page == null || !page.path("cursor").isTextual() || !page.path("reset").isBoolean()
                || !page.path("changes").isArray()) {
            throw new FeedException("not a page of changes");
        }
        for (JsonNode change : page.get("changes")) {
            if (!change.path("subject").isTextual()) {
                throw new FeedException("not a page of changes");
            }
        }
        return page;
    }
}
