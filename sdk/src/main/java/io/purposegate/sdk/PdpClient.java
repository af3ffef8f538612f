package io.purposegate.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A small typed client of the PDP's decision API: {@code POST /v1/decisions} and
 * {@code POST /v1/decisions/batch}, always with the caller's own token. It runs on the JDK alone: HTTP/1.1
 * over {@link java.net.HttpURLConnection} with keep-alive connections pooled by the JDK ({@link PdpHttp}),
 * and the small decision documents written and read with Jackson's streaming generator and parser
 * ({@link DecisionJson}), so a decision needs no Jakarta REST client, no JSON provider and no per-request
 * look-up. One instance serves every request and thread.
 *
 * <p>Nothing is retried: an answer that is not a decision, a failure or a {@code 503} (with the PDP's
 * {@code Retry-After}, when it sent one) goes to the caller, who denies the access.
 */
public class PdpClient implements AutoCloseable {

    private final URI pdpUrl;
    private final Duration timeout;
    private final PdpHttp decisions;
    private final PdpHttp batch;

    /**
     * @param pdpUrl base URL of the PDP, for example {@code http://127.0.0.1:8280}
     * @param timeout budget for one call to the PDP: to connect, and for each read of the answer; past it
     *        the access is denied
     */
    public PdpClient(URI pdpUrl, Duration timeout) {
        this.pdpUrl = pdpUrl;
        this.timeout = timeout;
        String base = pdpUrl.toString().replaceAll("/+$", "");
        this.decisions = new PdpHttp(URI.create(base + "/v1/decisions"), timeout);
        this.batch = new PdpHttp(URI.create(base + "/v1/decisions/batch"), timeout);
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
        PdpHttp.Answer answer = post(decisions, bearerToken, DecisionJson.request(action, purpose, resource, context));
        return switch (answer.status()) {
            case 200 -> {
                PdpDecision decision = DecisionJson.decision(answer.body());
                if (decision == null) {
                    throw new PdpUnavailableException("the PDP's answer is not a decision");
                }
                yield decision;
            }
            // the PDP could not decide (or shed the request) and says so with a denial: keep its reasons and id
            case 503 -> throw new PdpUnavailableException("the PDP could not decide (HTTP 503)",
                    DecisionJson.denial(answer.body()), null, answer.retryAfter());
            case 400, 401 -> throw new PdpRejectedRequestException(answer.status(), DecisionJson.problemDetail(answer.body()));
            default -> throw new PdpUnavailableException("the PDP answered HTTP " + answer.status());
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
        PdpHttp.Answer answer = post(batch, bearerToken, DecisionJson.batchRequest(action, purpose, resources, context));
        return switch (answer.status()) {
            case 200 -> {
                List<PdpDecision> all = DecisionJson.decisions(answer.body(), resources.size());
                if (all == null) {
                    throw new PdpUnavailableException("the PDP's answer is not one decision per resource");
                }
                yield all;
            }
            case 503 -> {
                List<PdpDecision> all = DecisionJson.decisions(answer.body(), resources.size());
                PdpDecision denied = all == null ? DecisionJson.denial(answer.body())
                        : all.stream().filter(d -> !d.allow()).findFirst().orElse(null);
                throw new PdpUnavailableException("the PDP could not decide (HTTP 503)", denied, null, answer.retryAfter());
            }
            case 400, 401 -> throw new PdpRejectedRequestException(answer.status(), DecisionJson.problemDetail(answer.body()));
            default -> throw new PdpUnavailableException("the PDP answered HTTP " + answer.status());
        };
    }

    /** Nothing to release: the connections belong to the JDK's keep-alive pool, which closes idle ones itself. */
    @Override
    public void close() {
        // kept so that code written when this client held a Jakarta REST client still compiles and reads well
    }

    private static PdpHttp.Answer post(PdpHttp target, String bearerToken, byte[] json) throws PdpUnavailableException {
        try {
            return target.post(bearerToken, json);
        } catch (IOException | UncheckedIOException e) {
            throw new PdpUnavailableException("the PDP did not answer: " + e.getClass().getSimpleName(), e);
        }
    }
}
