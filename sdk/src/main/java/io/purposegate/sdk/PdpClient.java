package io.purposegate.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Calls the PDP's {@code POST /v1/decisions} with the caller's own token. Written on the Jakarta
 * REST client API so it runs on whatever implementation the application has; JSON is handled here
 * with Jackson so no JSON provider needs registering.
 */
public class PdpClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Client client;
    private final WebTarget decisions;

    /**
     * @param pdpUrl base URL of the PDP, for example {@code http://127.0.0.1:8280}
     * @param timeout budget for one decision, connect included; past it the access is denied
     */
    public PdpClient(URI pdpUrl, Duration timeout) {
        this.client = ClientBuilder.newBuilder()
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        this.decisions = client.target(pdpUrl).path("v1/decisions");
    }

    public PdpDecision decide(String bearerToken, String action, String purpose, String resourceType,
            String resourceId, String owner, List<String> fields, Map<String, Object> context)
            throws PdpUnavailableException, PdpRejectedRequestException {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", resourceType);
        resource.put("id", resourceId);
        resource.put("owner", owner);
        resource.put("fields", fields);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("purpose", purpose);
        body.put("resource", resource);
        body.put("context", context);

        String answer;
        int status;
        try (Response response = decisions.request(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .post(Entity.entity(JSON.writeValueAsString(body), MediaType.APPLICATION_JSON_TYPE))) {
            status = response.getStatus();
            answer = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (ProcessingException e) {
            throw new PdpUnavailableException("the PDP did not answer: " + e.getClass().getSimpleName(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("decision request could not be written as JSON", e);
        }
        return switch (status) {
            case 200 -> parseDecision(answer);
            // the PDP could not decide and says so with a denying decision: keep its reasons and id
            case 503 -> {
                PdpDecision denied = tryParseDecision(answer);
                throw new PdpUnavailableException("the PDP could not decide (HTTP 503)",
                        denied == null || denied.allow() ? null : denied, null);
            }
            case 400, 401 -> throw new PdpRejectedRequestException(status, problemDetail(answer));
            default -> throw new PdpUnavailableException("the PDP answered HTTP " + status);
        };
    }

    @Override
    public void close() {
        client.close();
    }

    private static PdpDecision parseDecision(String json) throws PdpUnavailableException {
        PdpDecision decision = tryParseDecision(json);
        if (decision == null) {
            throw new PdpUnavailableException("the PDP's answer is not a decision");
        }
        return decision;
    }

    private static PdpDecision tryParseDecision(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.path("allow").isBoolean()) {
                return null;
            }
            return JSON.treeToValue(node, PdpDecision.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String problemDetail(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node == null ? null : node.path("detail").asText(null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
