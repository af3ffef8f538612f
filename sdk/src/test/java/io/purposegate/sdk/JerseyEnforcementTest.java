package io.purposegate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK in a plain Jersey application, against a fake PDP. */
class JerseyEnforcementTest {

    static final String ALICE = "00000000-0000-4000-8000-0000000a11ce";
    static final AtomicInteger METHOD_CALLS = new AtomicInteger();

    @Path("/customers")
    public static class CustomerResource {

        @GET
        @Path("/{id}")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", fields = {"name", "email"})
        public String customer(@PathParam("id") String id) {
            METHOD_CALLS.incrementAndGet();
            return "{\"id\":\"" + id + "\",\"name\":\"Alice\"}";
        }

        @GET
        @Path("/{id}/exists")
        public String exists(@PathParam("id") String id) {
            return "yes";
        }
    }

    static FakePdp pdp;
    static HttpServer app;
    static Client http;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        pdp = new FakePdp();
        try (ServerSocket socket = new ServerSocket(0)) {
            base = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
        DataSubjects owners = (type, id) -> "c-1".equals(id) ? Optional.of(ALICE) : Optional.empty();
        ResourceConfig config = new ResourceConfig(CustomerResource.class)
                .register(new PurposeGateFilter(new PdpClient(pdp.url(), Duration.ofMillis(500)), owners));
        app = GrizzlyHttpServerFactory.createHttpServer(base, config);
        http = ClientBuilder.newClient();
    }

    @AfterAll
    static void stop() {
        http.close();
        app.shutdownNow();
        pdp.close();
    }

    @BeforeEach
    void reset() {
        METHOD_CALLS.set(0);
        pdp.calls.set(0);
        pdp.answers(200, """
                {"decision_id":"d-1","allow":true,"fields":{"allowed":["name","email"],"masked":{},"denied":[]},"reasons":[]}""");
    }

    private Response get(String path, Map<String, String> headers) {
        var request = http.target(base).path(path).request();
        headers.forEach(request::header);
        return request.get();
    }

    @Test
    void allowedReadRunsTheMethodAndAsksThePdpWithTheCallersToken() {
        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.readEntity(String.class)).contains("Alice");
        }
        assertThat(METHOD_CALLS).hasValue(1);
        assertThat(pdp.lastAuthorization.get()).isEqualTo("Bearer tok-1");
        assertThat(pdp.lastBody.get())
                .contains("\"action\":\"read\"", "\"purpose\":\"support\"", "\"type\":\"customer\"", "\"id\":\"c-1\"",
                        "\"owner\":\"" + ALICE + "\"", "\"fields\":[\"name\",\"email\"]");
    }

    @Test
    void deniedReadIs403WithReasonsAndTheMethodNeverRuns() {
        pdp.answers(200, """
                {"decision_id":"d-2","allow":false,"fields":{"allowed":[],"masked":{},"denied":["name","email"]},
                 "reasons":[{"code":"purpose.not_in_token","message":"purpose \\"marketing\\" is not granted"}]}""");

        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "marketing"))) {
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
            assertThat(response.readEntity(String.class))
                    .contains("\"type\":\"urn:purposegate:problem:access-denied\"", "\"status\":403",
                            "\"decision_id\":\"d-2\"", "\"code\":\"purpose.not_in_token\"")
                    .doesNotContain("Alice");
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void missingTokenIs401WithoutAskingThePdp() {
        try (Response response = get("customers/c-1", Map.of("Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        }
        assertThat(pdp.calls).hasValue(0);
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void missingPurposeIs400() {
        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1"))) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("Data-Purpose");
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void unknownRecordIs404WithoutAskingThePdp() {
        try (Response response = get("customers/c-404", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(404);
        }
        assertThat(pdp.calls).hasValue(0);
    }

    @Test
    void pdpThatCannotDecideDeniesWith503AndItsReasons() {
        pdp.answers(503, """
                {"decision_id":"d-3","allow":false,"fields":{"allowed":[],"masked":{},"denied":["name","email"]},
                 "reasons":[{"code":"engine.unavailable","message":"the policy engine could not decide"}]}""");

        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.readEntity(String.class)).contains("engine.unavailable", "d-3").doesNotContain("Alice");
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void pdpWithoutSigningKeysDeniesWith503NotWith403() {
        pdp.answers(503, """
                {"decision_id":"d-4","allow":false,"fields":{"allowed":[],"masked":{},"denied":["name","email"]},
                 "reasons":[{"code":"token.keys_unavailable","message":"the token's signing keys could not be loaded"}]}""");

        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.readEntity(String.class)).contains("token.keys_unavailable", "d-4");
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void unreachablePdpDeniesWith503() throws Exception {
        try (FakePdp gone = new FakePdp()) {
            URI deadUrl = gone.url();
            gone.close();
            PdpClient client = new PdpClient(deadUrl, Duration.ofMillis(300));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.decide("t", "read", "support", "customer", "c-1",
                    ALICE, java.util.List.of(), Map.of())).isInstanceOf(PdpUnavailableException.class);
        }
    }

    @Test
    void pdpAnsweringGarbageDeniesWith503() {
        pdp.answers(200, "<html>proxy error</html>");

        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer tok-1", "Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(503);
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void tokenRejectedByThePdpIs401() {
        pdp.answers(401, "{\"status\":401,\"detail\":\"the token has expired\"}");

        try (Response response = get("customers/c-1", Map.of("Authorization", "Bearer old", "Data-Purpose", "support"))) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.readEntity(String.class)).contains("the token has expired");
        }
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void methodsWithoutTheAnnotationAreNotGuarded() {
        try (Response response = get("customers/c-1/exists", Map.of())) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
        assertThat(pdp.calls).hasValue(0);
    }
}
