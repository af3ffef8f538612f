package io.purposegate.pdp.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small typed client for OPA's Data API, in the shape of opa-java ({@code evaluate(path, input)}),
 * written because opa-java is not served by our package registry.
 *
 * <p>Transport: the JDK's blocking HTTP/1.1 client on the calling thread, with keep-alive connections
 * pooled by the JDK, so a decision waits for OPA without handing over to another thread and back.
 * Connect and read timeouts are the evaluation budget.
 */
public class OpaClient implements AutoCloseable {

    static {
        // idle keep-alive connections kept per destination (the JDK's default of 5 is below the PDP's concurrency)
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String dataUrl;
    private final int timeoutMillis;
    private final Map<String, URL> urls = new ConcurrentHashMap<>();
    private final Map<Class<?>, JavaType> responseTypes = new ConcurrentHashMap<>();

    public OpaClient(URI baseUrl, Duration timeout) {
        this.dataUrl = baseUrl.toString().replaceAll("/+$", "") + "/v1/data/";
        this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
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
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("input", input));
        } catch (JsonProcessingException e) {
            throw new PolicyEngineUnavailableException("the policy input could not be serialized", e);
        }
        DataResponse<T> response;
        HttpURLConnection http = null;
        try {
            http = (HttpURLConnection) url(path).openConnection();
            http.setConnectTimeout(timeoutMillis);
            http.setReadTimeout(timeoutMillis);
            http.setRequestMethod("POST");
            http.setDoOutput(true);
            http.setUseCaches(false);
            // no streaming mode: headers and body leave in one write, so Nagle never holds the body back
            http.setRequestProperty("Content-Type", "application/json");
            http.setRequestProperty("Accept", "application/json");
            try (OutputStream out = http.getOutputStream()) {
                out.write(body);
            }
            int status = http.getResponseCode();
            if (status != 200) {
                drain(http.getErrorStream());
                throw new PolicyEngineUnavailableException("OPA answered HTTP " + status + " for " + path);
            }
            try (InputStream in = http.getInputStream()) {
                response = JSON.readValue(in.readAllBytes(), responseType(resultType));
            }
        } catch (JsonProcessingException e) {
            throw new PolicyEngineUnavailableException("OPA's answer for " + path + " is not the expected JSON", e);
        } catch (IOException e) {
            if (http != null) {
                http.disconnect(); // a connection in an unknown state is not reused
            }
            throw new PolicyEngineUnavailableException("OPA did not answer for " + path + ": " + rootMessage(e), e);
        }
        if (response == null || response.result() == null) {
            throw new PolicyEngineUnavailableException("the decision " + path + " is undefined for this input");
        }
        Map<String, String> revisions = new TreeMap<>();
        if (response.provenance() != null && response.provenance().bundles() != null) {
            response.provenance().bundles().forEach((name, bundle) -> {
                if (bundle != null && bundle.revision() != null) {
                    revisions.put(name, bundle.revision());
                }
            });
        }
        return new Evaluation<>(response.result(), revisions);
    }

    private URL url(String path) {
        return urls.computeIfAbsent(path, p -> {
            try {
                return URI.create(dataUrl + p.replaceAll("^/+", "") + "?provenance=true").toURL();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException("invalid OPA path " + p, e);
            }
        });
    }

    private JavaType responseType(Class<?> resultType) {
        return responseTypes.computeIfAbsent(resultType,
                t -> JSON.getTypeFactory().constructParametricType(DataResponse.class, t));
    }

    /** Reads an error body to its end, so the connection can be kept alive. */
    private static void drain(InputStream in) {
        if (in == null) {
            return;
        }
        try (in) {
            in.readAllBytes();
        } catch (IOException e) {
            // the connection is dropped instead
        }
    }

    @Override
    public void close() {
        // connections belong to the JDK's keep-alive cache and close when idle
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
