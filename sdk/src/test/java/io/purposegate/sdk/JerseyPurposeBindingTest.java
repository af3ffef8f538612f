package io.purposegate.sdk;

import static io.purposegate.sdk.TestApp.METHOD_CALLS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Purposes are bound to endpoints: a method serves the purposes its annotation declares, and a caller
 * naming another one in {@code Data-Purpose} is refused before the PDP is asked, so it cannot pick a
 * less minimised purpose than the endpoint is for.
 */
class JerseyPurposeBindingTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static FakePdp pdp;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        pdp = new FakePdp();
        app = new TestApp(PurposeGateConfig.builder()
                .pdpUrl(pdp.url())
                .timeout(Duration.ofMillis(500))
                .dataSubjects(TestApp.SUBJECTS)
                .filter());
    }

    @AfterAll
    static void stop() {
        app.close();
        pdp.close();
    }

    @BeforeEach
    void reset() {
        METHOD_CALLS.set(0);
        pdp.reset();
        pdp.answers(200, """
                {"decision_id":"d-1","allow":true,"fields":{"allowed":["name","email"],"masked":{"address":"redact"},"denied":[]},"reasons":[]}""");
    }

    private static Response get(String path, String purpose) {
        return purpose == null ? TestApp.get(app.base, path, Map.of("Authorization", "Bearer tok-1"))
                : TestApp.get(app.base, path, Map.of("Authorization", "Bearer tok-1", "Data-Purpose", purpose));
    }

    @Test
    void aPurposeTheEndpointServesIsDecidedByThePdp() throws Exception {
        try (Response response = get("customers/c-1/ticket", "support")) {
            assertThat(response.getStatus()).isEqualTo(200);
            JsonNode customer = JSON.readTree(response.readEntity(String.class));
            assertThat(customer.path("address").asText()).isEqualTo("[redacted]");
        }
        assertThat(JSON.readTree(pdp.lastBody.get()).path("purpose").asText()).isEqualTo("support");
        assertThat(METHOD_CALLS).hasValue(1);
    }

    @Test
    void aPurposeTheEndpointDoesNotServeIs400PurposeNotServedWithoutAskingThePdp() throws Exception {
        // service is the least minimised purpose: a support endpoint must not hand it out
        try (Response response = get("customers/c-1/ticket", "service")) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
            String body = response.readEntity(String.class);
            JsonNode problem = JSON.readTree(body);
            assertThat(problem.path("type").asText()).isEqualTo("urn:purposegate:problem:purpose-not-served");
            assertThat(problem.path("reasons").path(0).path("code").asText()).isEqualTo("purpose.not_served");
            assertThat(problem.path("detail").asText()).contains("[support, legal]");
            assertThat(body).doesNotContain("Alice", "12 rue des Lilas");
        }
        assertThat(pdp.calls).hasValue(0);
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void theRefusalDoesNotEchoWhatTheCallerNamed() {
        try (Response response = get("customers/c-1/ticket", "<script>alert(1)</script>")) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("purpose.not_served").doesNotContain("script");
        }
        assertThat(pdp.calls).hasValue(0);
    }

    @Test
    void anEndpointServingSeveralPurposesNeedsTheCallerToNameOne() {
        try (Response response = get("customers/c-1/ticket", null)) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("purpose-missing", "[support, legal]");
        }
        assertThat(pdp.calls).hasValue(0);
        assertThat(METHOD_CALLS).hasValue(0);
    }

    @Test
    void aFixedPurposeRefusesAHeaderNamingAnotherOneBeforeTheListIsRead() {
        try (Response response = get("campaigns/spring/customers", "analytics")) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("purpose.not_served", "[marketing]");
        }
        assertThat(METHOD_CALLS).hasValue(0);
        assertThat(pdp.batchCalls).hasValue(0);
    }

    @Test
    void aFixedPurposeIsTakenWithoutTheHeaderOrWhenTheHeaderNamesIt() throws Exception {
        for (String purpose : new String[] {null, "marketing"}) {
            try (Response response = get("campaigns/spring/customers", purpose)) {
                assertThat(response.getStatus()).isEqualTo(200);
            }
            assertThat(JSON.readTree(pdp.lastBatchBody.get()).path("purpose").asText()).isEqualTo("marketing");
        }
    }

    @Test
    void anEndpointThatDeclaresNoPurposesStillServesWhatTheCallerNames() throws Exception {
        // the first release's annotations keep working (with a warning in the log)
        try (Response response = get("customers/c-1", "analytics")) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
        assertThat(JSON.readTree(pdp.lastBody.get()).path("purpose").asText()).isEqualTo("analytics");
    }
}
