package io.purposegate.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The purpose catalog as Keycloak publishes it ({@code GET {realm-url}/privacy/purposes}, no token
 * needed; {@code {"notice": {...}, "purposes": [{"id": "support", ...}, ...]}}).
 *
 * <p>Loaded on first use and again once {@code refresh} has passed, by one request thread at a time
 * (the others keep using what was loaded). When it cannot be loaded (Keycloak down, slower than
 * {@code timeout}, an answer that is not a catalog) it does not block anything: it answers "not at
 * hand", so every purpose goes to the PDP (which denies unknown purposes too), and tries again after
 * {@code min(refresh, 10 s)}. A purpose added in Keycloak is accepted at the latest one refresh later.
 */
public class KeycloakPurposeCatalog implements PurposeCatalog, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KeycloakPurposeCatalog.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Snapshot(Set<String> ids, long loadedAt) {
    }

    private final Client client;
    private final WebTarget purposes;
    private final long refreshNanos;
    private final long retryNanos;
    private final LongSupplier clock;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile Snapshot snapshot;

    public KeycloakPurposeCatalog(URI realmUrl, Duration refresh, Duration timeout) {
        this(realmUrl, refresh, timeout, System::nanoTime);
    }

    KeycloakPurposeCatalog(URI realmUrl, Duration refresh, Duration timeout, LongSupplier clock) {
        this.client = ClientBuilder.newBuilder()
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        this.purposes = client.target(realmUrl).path("privacy/purposes");
        this.refreshNanos = refresh.toNanos();
        this.retryNanos = Math.min(refresh.toNanos(), Duration.ofSeconds(10).toNanos());
        this.clock = clock;
    }

    @Override
    public Optional<Set<String>> purposeIds() {
        Snapshot current = snapshot;
        long now = clock.getAsLong();
        boolean due = current == null
                || now - current.loadedAt() >= (current.ids() == null ? retryNanos : refreshNanos);
        if (due && loading.tryLock()) {
            try {
                current = snapshot;
                if (current == null || now - current.loadedAt() >= (current.ids() == null ? retryNanos : refreshNanos)) {
                    current = new Snapshot(load(), clock.getAsLong());
                    snapshot = current;
                }
            } finally {
                loading.unlock();
            }
        }
        return current == null ? Optional.empty() : Optional.ofNullable(current.ids());
    }

    /** @return the purpose ids, or null when the catalog could not be loaded */
    private Set<String> load() {
        try (Response response = purposes.request(MediaType.APPLICATION_JSON_TYPE).get()) {
            if (response.getStatus() != 200) {
                LOG.log(Level.WARNING, "purpose catalog not loaded (HTTP {0}); the PDP alone checks purposes",
                        response.getStatus());
                return null;
            }
            JsonNode list = JSON.readTree(response.readEntity(String.class)).path("purposes");
            if (!list.isArray()) {
                LOG.warning("purpose catalog not loaded (no purposes list); the PDP alone checks purposes");
                return null;
            }
            Set<String> ids = new HashSet<>();
            for (JsonNode purpose : list) {
                if (purpose.path("id").isTextual()) {
                    ids.add(purpose.path("id").asText());
                }
            }
            return Set.copyOf(ids);
        } catch (ProcessingException | JsonProcessingException | IllegalStateException e) {
            LOG.log(Level.WARNING, "purpose catalog not loaded ({0}); the PDP alone checks purposes",
                    e.getClass().getSimpleName());
            return null;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
