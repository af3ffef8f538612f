package io.purposegate.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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
 * A small typed client of the PDP's decision API: {@code POST /v1/decisions} and
 * {@code POST /v1/decisions/batch}, always with the caller's own token. Written on the Jakarta REST
 * client API so it runs on whatever implementation the application has; JSON is handled here with
 * Jackson so no JSON provider needs registering.
 */
public class PdpClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Client client;
    private final URI pdpUrl;
    private final Duration timeout;
    private final WebTarget decisions;
    private final WebTarget batch;

    /**
     * @param pdpUrl base URL of the PDP, for example {@code http://127.0.0.1:8280}
     * @param timeout budget for one call to the PDP, connect included; past it the access is denied
     */
    public PdpClient(URI pdpUrl, Duration timeout) {
        this.pdpUrl = pdpUrl;
        this.timeout = timeout;
        this.client = ClientBuilder.newBuilder()
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        this.decisions = client.target(pdpUrl).path("v1/decisions");
        this.batch = client.target(pdpUrl).path("v1/decisions/batch");
    }

    /** The PDP's base URL this client calls. */
    public URI url() {
        return pdpUrl;
    }

    /** The budget of one call. */
    public Duration timeout() {
        return timeout;
    }

    public PdpDecision decide(String bearerToken, String action, String purpose, String resourceType,
            String resourceId, String owner, List<String> fields, Map<String, Object> context)
            throws PdpUnavailableException, PdpRejectedRequestException {
        return decide(bearerToken, action, purpose, new PdpResource(resourceType, resourceId, owner, fields), context);
    }

    /** One decision: {@code POST /v1/decisions}. */
    public PdpDecision decide(String bearerToken, String action, String purpose, PdpResource resource,
            Map<String, Object> context) throws PdpUnavailableException, PdpRejectedRequestException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("purpose", purpose);
        body.put("resource", resource);
        body.put("context", context);
        Answer answer = post(decisions, bearerToken, body);
        return switch (answer.status) {
            case 200 -> {
                PdpDecision decision = tryParseDecision(answer.body);
                if (decision == null) {
                    throw new PdpUnavailableException("the PDP's answer is not a decision");
                }
                yield decision;
            }
            // the PDP could not decide and says so with a denying decision: keep its reasons and id
            case 503 -> {
                PdpDecision denied = tryParseDecision(answer.body);
                throw new PdpUnavailableException("the PDP could not decide (HTTP 503)",
                        denied == null || denied.allow() ? null : denied, null);
            }
            case 400, 401 -> throw new PdpRejectedRequestException(answer.status, problemDetail(answer.body));
            default -> throw new PdpUnavailableException("the PDP answered HTTP " + answer.status);
        };
    }

    /**
     * Many decisions in one call: {@code POST /v1/decisions/batch}. The caller keeps the number of
     * resources within the PDP's limit (100 by default).
     *
     * @return one decision per resource, in the same order
     * @throws PdpUnavailableException also when the answer does not hold exactly one decision per resource
     */
    public List<PdpDecision> decideBatch(String bearerToken, String action, String purpose,
            List<PdpResource> resources, Map<String, Object> context)
            throws PdpUnavailableException, PdpRejectedRequestException {
        if (resources.isEmpty()) {
            return List.of();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("purpose", purpose);
        body.put("context", context);
        body.put("resources", resources);
        Answer answer = post(batch, bearerToken, body);
        return switch (answer.status) {
            case 200 -> {
                List<PdpDecision> all = tryParseDecisions(answer.body, resources.size());
                if (all == null) {
                    throw new PdpUnavailableException("the PDP's answer is not one decision per resource");
                }
                yield all;
            }
            case 503 -> {
                List<PdpDecision> all = tryParseDecisions(answer.body, resources.size());
                PdpDecision denied = all == null ? null : all.stream().filter(d -> !d.allow()).findFirst().orElse(null);
                throw new PdpUnavailableException("the PDP could not decide (HTTP 503)", denied, null);
            }
            case 400, 401 -> throw new PdpRejectedRequestException(answer.status, problemDetail(answer.body));
            default -> throw new PdpUnavailableException("the PDP answered HTTP " + answer.status);
        };
    }

    @Override
    public void close() {
        client.close();
    }

    private record Answer(int status, String body) {
    }

    private static Answer post(WebTarget target, String bearerToken, Map<String, Object> body)
            throws PdpUnavailableException {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("decision request could not be written as JSON", e);
        }
        try (Response response = target.request(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE))) {
            return new Answer(response.getStatus(), response.hasEntity() ? response.readEntity(String.class) : "");
        } catch (ProcessingException e) {
            throw new PdpUnavailableException("the PDP did not answer: " + e.getClass().getSimpleName(), e);
        }
    }

    private static PdpDecision tryParseDecision(String json) {
        try {
            return toDecision(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static PdpDecision toDecision(JsonNode node) throws JsonProcessingException {
        if (node == null || !node.isObject() || !node.path("allow").isBoolean()) {
            return null;
        }
        return JSON.treeToValue(node, PdpDecision.class);
    }

    /** @return the decisions, or null unless the answer holds exactly {@code expected} well-formed ones */
    private static List<PdpDecision> tryParseDecisions(String json, int expected) {
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode array = node == null ? null : node.get("decisions");
            if (array == null || !array.isArray() || array.size() != expected) {
                return null;
            }
            List<PdpDecision> all = new ArrayList<>(expected);
            for (JsonNode element : array) {
                PdpDecision decision = toDecision(element);
                if (decision == null) {
                    return null;
                }
                all.add(decision);
            }
            return all;
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
