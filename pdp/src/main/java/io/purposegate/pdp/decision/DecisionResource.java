package io.purposegate.pdp.decision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.purposegate.pdp.policy.PolicyDecision;
import io.purposegate.pdp.policy.PolicyEngine;
import io.purposegate.pdp.policy.PolicyEngineUnavailableException;
import io.purposegate.pdp.problem.BadRequestException;
import io.purposegate.pdp.token.AccessTokenVerifier;
import io.purposegate.pdp.token.InvalidTokenException;
import io.purposegate.pdp.token.SigningKeysUnavailableException;
import io.purposegate.pdp.token.VerifiedToken;

/** {@code POST /v1/decisions}: one decision per personal-data access. Fails closed. */
@Path("/v1/decisions")
public class DecisionResource {

    static final String ENGINE_UNAVAILABLE = "engine.unavailable";
    static final String KEYS_UNAVAILABLE = "token.keys_unavailable";
    static final String DECISIONS_METRIC = "purposegate.decisions";

    private static final Logger LOG = Logger.getLogger(DecisionResource.class);

    private final AccessTokenVerifier tokens;
    private final PolicyEngine engine;
    private final Counter allowed;
    private final Counter denied;
    private final Counter engineUnavailable;
    private final Counter keysUnavailable;

    DecisionResource(AccessTokenVerifier tokens, PolicyEngine engine, MeterRegistry metrics) {
        this.tokens = tokens;
        this.engine = engine;
        this.allowed = metrics.counter(DECISIONS_METRIC, "outcome", "allow");
        this.denied = metrics.counter(DECISIONS_METRIC, "outcome", "deny");
        this.engineUnavailable = metrics.counter(DECISIONS_METRIC, "outcome", ENGINE_UNAVAILABLE);
        this.keysUnavailable = metrics.counter(DECISIONS_METRIC, "outcome", KEYS_UNAVAILABLE);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response decide(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, DecisionRequest request)
            throws InvalidTokenException {
        String decisionId = DecisionIds.next().toString();
        VerifiedToken caller;
        try {
            caller = tokens.verifyAuthorizationHeader(authorization);
        } catch (SigningKeysUnavailableException e) {
            keysUnavailable.increment();
            LOG.warnf("decision %s denied: %s", decisionId, e.getMessage());
            return undecided(decisionId, request, KEYS_UNAVAILABLE,
                    "the token's signing keys could not be loaded; access is denied");
        }
        if (request == null) {
            throw new BadRequestException(List.of("a JSON body is required"));
        }
        List<String> violations = request.violations();
        if (!violations.isEmpty()) {
            throw new BadRequestException(violations);
        }
        try {
            PolicyDecision decision = engine.decide(policyInput(caller, request));
            (decision.allow() ? allowed : denied).increment();
            LOG.debugf("decision %s: %s", decisionId, decision.allow() ? "allow" : "deny");
            return Response.ok(new DecisionResponse(decisionId, decision.allow(), decision.fields(),
                    decision.reasons(), null)).build();
        } catch (PolicyEngineUnavailableException e) {
            engineUnavailable.increment();
            LOG.warnf("decision %s denied: policy engine unavailable: %s", decisionId, e.getMessage());
            return undecided(decisionId, request, ENGINE_UNAVAILABLE, "the policy engine could not decide; access is denied");
        }
    }

    /** No decision could be had: deny every requested field, with 503 so callers know to retry later. */
    private static Response undecided(String decisionId, DecisionRequest request, String code, String message) {
        List<String> requested = request == null ? List.of() : request.requestedFields();
        DecisionResponse denied = new DecisionResponse(decisionId, false, PolicyDecision.Fields.noneOf(requested),
                List.of(new PolicyDecision.Reason(code, message)), null);
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(denied).build();
    }

    /** The OPA input: verified claims only; nothing the caller says about itself is trusted. */
    static Map<String, Object> policyInput(VerifiedToken caller, DecisionRequest request) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", request.resource().type());
        resource.put("id", request.resource().id());
        resource.put("owner", request.resource().owner());
        resource.put("fields", request.requestedFields());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("token", caller.claims());
        input.put("action", request.action());
        input.put("purpose", request.purpose());
        input.put("resource", resource);
        input.put("context", request.context() == null ? Map.of() : request.context());
        return input;
    }
}
