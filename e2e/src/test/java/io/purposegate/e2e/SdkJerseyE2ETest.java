package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.purposegate.sdk.ConsentFeed;
import io.purposegate.sdk.DecisionCache;
import io.purposegate.sdk.PersonalData;
import io.purposegate.sdk.PurposeCatalog;
import io.purposegate.sdk.PurposeGateConfig;

/**
 * The SDK in a plain Jersey application (no Quarkus) against the real PDP, OPA and Keycloak, with the
 * optional decision cache switched on: its consent feed is the PDP's real change feed, read with the
 * {@code demo-crm} client's service-account token (realm role {@code purposegate-enforcer}).
 */
class SdkJerseyE2ETest {

    /** A record store of one: the record {@code r-1} belongs to the customer the test creates. */
    @Path("/records")
    public static class Records {

        @GET
        @Path("/{id}")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", purpose = "analytics", fields = {"name", "orders", "segment"})
        public Map<String, Object> record(@PathParam("id") String id) {
            return Map.of("id", id, "name", "Test User", "segment", "loyal",
                    "orders", List.of(Map.of("id", "o-1", "total", 42.5)), "internal_note", "never leaves");
        }
    }

    private static String customer;
    private static HttpServer app;
    private static URI base;
    private static DecisionCache cache;
    private static ConsentFeed feed;

    @BeforeAll
    static void start() throws Exception {
        Stack.get();
        customer = KeycloakAdmin.createUser("sdk-cache", "EU");
        try (ServerSocket socket = new ServerSocket(0)) {
            base = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
        // a long TTL: only the consent feed can make the cached allow go away within this test
        cache = new DecisionCache(Duration.ofMinutes(5), 1_000);
        feed = new ConsentFeed(URI.create(Stack.PDP), SdkJerseyE2ETest::enforcerToken, cache).start();
        ResourceConfig config = new ResourceConfig(Records.class).register(PurposeGateConfig.builder()
                .pdpUrl(URI.create(Stack.PDP))
                .timeout(Duration.ofSeconds(2))
                .dataSubjects((type, id) -> "r-1".equals(id) ? Optional.of(customer) : Optional.empty())
                .purposes(PurposeCatalog.keycloak(URI.create(Stack.REALM), Duration.ofMinutes(1)))
                .decisionCache(cache)
                .filter());
        app = GrizzlyHttpServerFactory.createHttpServer(base, config);
    }

    @AfterAll
    static void stop() {
        if (feed != null) {
            feed.close();
        }
        if (app != null) {
            app.shutdownNow();
        }
    }

    /** The application's own token: client credentials of the confidential client demo-crm. */
    private static String enforcerToken() {
        try {
            HttpResponse<String> response = Stack.postForm(Stack.REALM + "/protocol/openid-connect/token", Map.of(
                    "grant_type", "client_credentials", "client_id", "demo-crm", "client_secret", "demo-crm-secret"));
            return Stack.JSON.readTree(response.body()).path("access_token").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    void aCachedAllowIsDroppedByTheRealConsentFeedWhenTheCustomerWithdraws() throws Exception {
        String customerToken = KeycloakAdmin.selfServiceToken(KeycloakAdmin.username(customer));
        String mia = Stack.get().accessToken("mia", "marketing-app", "marketing-app-secret");
        assertThat(KeycloakAdmin.send("PUT", Stack.REALM + "/privacy/me/consents", customerToken,
                "{\"granted\":[\"analytics\"]}").statusCode()).isEqualTo(200);

        // the grant reaches the PDP through the outbox; then the read is allowed and minimised
        HttpResponse<String> allowed = awaitStatus(mia, 200);
        JsonNode record = Stack.JSON.readTree(allowed.body());
        assertThat(record.path("orders").get(0).path("total").asDouble()).isEqualTo(42.5);
        assertThat(record.has("name")).as("analytics does not need the name").isFalse();
        assertThat(record.has("internal_note")).as("a property the annotation does not name").isFalse();
        // the feed has answered, so the cache serves: the same read again is a hit, not a PDP call
        awaitServing();
        PrivacyStoryE2ETest.get(base + "records/r-1", mia, null);
        long hits = cache.hits();
        assertThat(PrivacyStoryE2ETest.get(base + "records/r-1", mia, null).statusCode()).isEqualTo(200);
        assertThat(cache.hits()).isEqualTo(hits + 1);

        long withdrawn = System.nanoTime();
        assertThat(KeycloakAdmin.send("PUT", Stack.REALM + "/privacy/me/consents", customerToken,
                "{\"refused\":[\"analytics\"]}").statusCode()).isEqualTo(200);
        HttpResponse<String> denied = awaitStatus(mia, 403);
        long millis = (System.nanoTime() - withdrawn) / 1_000_000;
        System.out.println("[sdk-cache] the cached allow was dropped and the PDP denied " + millis + " ms after the withdrawal");
        assertThat(denied.body()).contains("consent.withdrawn").doesNotContain("42.5");
        // the cache's TTL is five minutes: only the feed can have removed the entry this fast
        assertThat(millis).isLessThan(10_000);
    }

    private static HttpResponse<String> awaitStatus(String token, int status) throws Exception {
        HttpResponse<String> response = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            response = PrivacyStoryE2ETest.get(base + "records/r-1", token, null);
            if (response.statusCode() == status) {
                return response;
            }
            Thread.sleep(50);
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    private static void awaitServing() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!cache.serving() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(cache.serving()).as("the consent feed answered").isTrue();
    }
}
