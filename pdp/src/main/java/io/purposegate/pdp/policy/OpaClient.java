package io.purposegate.pdp.policy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small typed client for OPA's Data API, in the shape of opa-java ({@code evaluate(path, input)}),
 * written on the Jakarta REST client API because opa-java is not served by our package registry.
 *
 * <p>One instance holds one pooled HTTP client; connections to OPA are reused across decisions.
 */
public class OpaClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Client client;
    private final WebTarget data;

    public OpaClient(URI baseUrl, Duration timeout) {
        this.client = ClientBuilder.newBuilder()
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        WebTarget base = client.target(baseUrl);
        this.data = base.path("v1/data");
    }

    /**
     * Evaluates the document at {@code path} (slash-separated, below {@code /v1/data}) with {@code input}.
     *
     * @throws PolicyEngineUnavailableException when OPA cannot be reached in time, answers with an error,
     *         or the document is undefined for this input
     */
    public <T> T evaluate(String path, Object input, Class<T> resultType) throws PolicyEngineUnavailableException {
        return evaluateWithProvenance(path, input, resultType).result();
    }

    /** A result with the revisions of the bundles OPA evaluated it with. */
    public record Evaluation<T>(T result, Map<String, String> bundleRevisions) {
    }

    /**
     * Like {@link #evaluate}, asking OPA for provenance too, so the caller knows which bundle revision decided.
     */
    public <T> Evaluation<T> evaluateWithProvenance(String path, Object input, Class<T> resultType)
            throws PolicyEngineUnavailableException {
        DataResponse<T> response;
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("input", input));
        } catch (JsonProcessingException e) {
            throw new PolicyEngineUnavailableException("the policy input could not be serialized", e);
        }
        try (Response http = data.path(path).queryParam("provenance", "true")
                .request(MediaType.APPLICATION_JSON_TYPE)
                .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
            if (http.getStatus() != 200) {
                throw new PolicyEngineUnavailableException("OPA answered HTTP " + http.getStatus() + " for " + path);
            }
            response = JSON.readValue(http.readEntity(byte[].class),
                    JSON.getTypeFactory().constructParametricType(DataResponse.class, resultType));
        } catch (ProcessingException | WebApplicationException e) {
            throw new PolicyEngineUnavailableException("OPA did not answer for " + path + ": " + rootMessage(e), e);
        } catch (java.io.IOException e) {
            throw new PolicyEngineUnavailableException("OPA's answer for " + path + " is not the expected JSON", e);
        }
        if (response == null || response.result() == null) {
            throw new PolicyEngineUnavailableException("the decision " + path + " is undefined for this input");
        }
        Map<String, String> revisions = new java.util.TreeMap<>();
        if (response.provenance() != null && response.provenance().bundles() != null) {
            response.provenance().bundles().forEach((name, bundle) -> {
                if (bundle != null && bundle.revision() != null) {
                    revisions.put(name, bundle.revision());
                }
            });
        }
        return new Evaluation<>(response.result(), revisions);
    }

    @Override
    public void close() {
        client.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }

    /** OPA's {@code {"result": ...}} envelope; {@code result} is absent when the document is undefined. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DataResponse<T>(T result, Provenance provenance) {
    }

    /** OPA's {@code provenance}: which bundles, at which revision, the result came from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Provenance(Map<String, BundleInfo> bundles) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BundleInfo(String revision) {
    }
}
