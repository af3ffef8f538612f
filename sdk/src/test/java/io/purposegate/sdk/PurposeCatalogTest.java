package io.purposegate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class PurposeCatalogTest {

    HttpServer keycloak;
    final AtomicInteger loads = new AtomicInteger();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicReference<String> body = new AtomicReference<>("""
            {"notice":{"version":"2026-11","url":"https://x"},
             "purposes":[{"id":"support","name":"Support"},{"id":"marketing","lawful_basis":"consent"}]}""");
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    URI realm;

    @BeforeEach
    void start() throws Exception {
        keycloak = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keycloak.createContext("/realms/demo/privacy/purposes", exchange -> {
            loads.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        keycloak.start();
        realm = URI.create("http://127.0.0.1:" + keycloak.getAddress().getPort() + "/realms/demo");
    }

    @AfterEach
    void stop() {
        keycloak.stop(0);
    }

    KeycloakPurposeCatalog catalog(Duration refresh) {
        return new KeycloakPurposeCatalog(realm, refresh, Duration.ofSeconds(1), now::get);
    }

    @Test
    void fixedCatalogRejectsOnlyWhatItDoesNotKnow() {
        PurposeCatalog catalog = PurposeCatalog.of("support", "marketing");
        assertThat(catalog.rejects("support")).isFalse();
        assertThat(catalog.rejects("spying")).isTrue();
        assertThat(PurposeCatalog.UNCHECKED.rejects("spying")).isFalse();
    }

    @Test
    void keycloakCatalogLoadsThePurposeIdsOnceUntilTheRefreshInterval() {
        try (KeycloakPurposeCatalog catalog = catalog(Duration.ofMinutes(1))) {
            assertThat(catalog.purposeIds()).contains(Set.of("support", "marketing"));
            assertThat(catalog.rejects("support")).isFalse();
            assertThat(catalog.rejects("spying")).isTrue();
            assertThat(loads).hasValue(1);

            body.set("{\"purposes\":[{\"id\":\"support\"},{\"id\":\"spying\"}]}");
            now.addAndGet(Duration.ofSeconds(59).toNanos());
            assertThat(catalog.rejects("spying")).isTrue();
            now.addAndGet(Duration.ofSeconds(2).toNanos());
            assertThat(catalog.rejects("spying")).isFalse();
            assertThat(catalog.rejects("marketing")).isTrue();
            assertThat(loads).hasValue(2);
        }
    }

    @Test
    void aCatalogThatCannotBeLoadedRejectsNothingAndIsTriedAgainLater() {
        status.set(500);
        try (KeycloakPurposeCatalog catalog = catalog(Duration.ofMinutes(5))) {
            assertThat(catalog.purposeIds()).isEmpty();
            assertThat(catalog.rejects("spying")).isFalse();
            assertThat(loads).hasValue(1);

            status.set(200);
            now.addAndGet(Duration.ofSeconds(11).toNanos());
            assertThat(catalog.rejects("spying")).isTrue();
            assertThat(loads).hasValue(2);
        }
    }

    @Test
    void anAnswerThatIsNotACatalogRejectsNothing() {
        body.set("<html>maintenance</html>");
        try (KeycloakPurposeCatalog catalog = catalog(Duration.ofMinutes(5))) {
            assertThat(catalog.rejects("spying")).isFalse();
        }
    }

    @Test
    void anUnreachableKeycloakRejectsNothing() {
        keycloak.stop(0);
        try (KeycloakPurposeCatalog catalog = catalog(Duration.ofMinutes(5))) {
            assertThat(catalog.rejects("spying")).isFalse();
        }
    }
}
