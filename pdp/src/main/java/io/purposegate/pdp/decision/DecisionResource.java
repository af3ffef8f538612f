package io.purposegate.pdp.decision;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.purposegate.pdp.consent.ConsentRegistry;
import io.purposegate.pdp.log.DecisionLog;
import io.purposegate.pdp.log.DecisionLogUnavailableException;
import io.purposegate.pdp.log.LoggedDecision;
import io.purposegate.pdp.policy.PolicyDecision;
import io.purposegate.pdp.policy.PolicyEngine;
import io.purposegate.pdp.policy.PolicyEngineUnavailableException;
import io.purposegate.pdp.problem.BadRequestException;
import io.purposegate.pdp.token.AccessTokenVerifier;
import io.purposegate.pdp.token.InvalidTokenException;
import io.purposegate.pdp.token.SigningKeysUnavailableException;
import io.purposegate.pdp.token.VerifiedToken;

/** {@code POST /v1/decisions}: one decision per personal-data access. Fails closed; answers only what is logged. */
@Path("/v1/decisions")
public class DecisionResource {

    static final String ENGINE_UNAVAILABLE = "engine.unavailable";
    static final String KEYS_UNAVAILABLE = "token.keys_unavailable";
    static final String LOG_UNAVAILABLE = "log.unavailable";
    static final String DECISIONS_METRIC = "purposegate.decisions";

    private static final Logger LOG = Logger.getLogger(DecisionResource.class);

    private final AccessTokenVerifier tokens;
    private final PolicyEngine engine;
    private final ConsentRegistry consents;
    private final DecisionLog decisionLog;
    private final boolean logging;
    private final MeterRegistry metrics;
    private final Timer latency;
    private final Counter allowed;
    private final Counter denied;
    private final Counter engineUnavailable;
    private final Counter keysUnavailable;
    private final Counter logUnavailable;
    private final Counter opaErrors;
    private final Counter reviews;

    DecisionResource(AccessTokenVerifier tokens, PolicyEngine engine, ConsentRegistry consents, DecisionLog decisionLog,
            io.purposegate.pdp.PdpConfig config, MeterRegistry metrics) {
        this.tokens = tokens;
        this.engine = engine;
        this.consents = consents;
        this.decisionLog = decisionLog;
        this.logging = config.log().enabled();
        this.metrics = metrics;
        this.latency = Timer.builder("purposegate.decision.latency")
                .description("time to answer POST /v1/decisions, token check, policy and log included")
                .publishPercentileHistogram()
                .register(metrics);
        this.allowed = metrics.counter(DECISIONS_METRIC, "outcome", "allow");
        this.denied = metrics.counter(DECISIONS_METRIC, "outcome", "deny");
        this.engineUnavailable = metrics.counter(DECISIONS_METRIC, "outcome", ENGINE_UNAVAILABLE);
        this.keysUnavailable = metrics.counter(DECISIONS_METRIC, "outcome", KEYS_UNAVAILABLE);
        this.logUnavailable = metrics.counter(DECISIONS_METRIC, "outcome", LOG_UNAVAILABLE);
        this.opaErrors = metrics.counter("purposegate.opa.errors");
        this.reviews = metrics.counter("purposegate.decisions.review");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide one access to personal data (see the contract's PDP decision API)")
    public Response decide(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, DecisionRequest request)
            throws InvalidTokenException {
        long started = System.nanoTime();
        try {
            return decideTimed(authorization, request);
        } finally {
            latency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private Response decideTimed(String authorization, DecisionRequest request) throws InvalidTokenException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String decisionId = DecisionIds.at(now.toEpochMilli()).toString();
        VerifiedToken caller;
        try {
            caller = tokens.verifyAuthorizationHeader(authorization);
        } catch (SigningKeysUnavailableException e) {
            keysUnavailable.increment();
            LOG.warnf("decision %s denied: %s", decisionId, e.getMessage());
            return undecided(decisionId, request, KEYS_UNAVAILABLE,
                    "the token's signing keys could not be loaded; access is denied", null, null);
        }
        if (request == null) {
            throw new BadRequestException(List.of("a JSON body is required"));
        }
        List<String> violations = request.violations();
        if (!violations.isEmpty()) {
            throw new BadRequestException(violations);
        }
        Map<String, Object> subject = consents.policyInput(request.resource().owner());
        Long consentV = DecisionResponse.consentVersion(subject);
        PolicyDecision decision;
        String revision;
        boolean decided;
        try {
            PolicyEngine.Answer answer = engine.decide(PolicyInput.of(now, caller, request, subject));
            decision = answer.decision();
            revision = answer.policyRevision();
            decided = true;
        } catch (PolicyEngineUnavailableException e) {
            opaErrors.increment();
            LOG.warnf("decision %s denied: policy engine unavailable: %s", decisionId, e.getMessage());
            decision = new PolicyDecision(false,
                    List.of(new PolicyDecision.Reason(ENGINE_UNAVAILABLE, "the policy engine could not decide; access is denied")),
                    PolicyDecision.Fields.noneOf(request.requestedFields()));
            revision = null;
            decided = false;
        }
        if (logging) {
            try {
                decisionLog.record(logged(decisionId, now, caller, request, decision, revision));
            } catch (DecisionLogUnavailableException e) {
                logUnavailable.increment();
                LOG.errorf("decision %s denied: %s", decisionId, e.getMessage());
                return undecided(decisionId, request, LOG_UNAVAILABLE,
                        "the decision could not be recorded; access is denied", revision, consentV);
            }
        }
        if (!decided) {
            engineUnavailable.increment();
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(new DecisionResponse(decisionId, false, decision.fields(), decision.reasons(), null, false, consentV))
                    .build();
        }
        if (decision.allow()) {
            allowed.increment();
        } else {
            denied.increment();
            for (PolicyDecision.Reason reason : decision.reasons()) {
                metrics.counter("purposegate.decisions.denied", "reason", reason.code() == null ? "none" : reason.code()).increment();
            }
        }
        LOG.debugf("decision %s: %s", decisionId, decision.allow() ? "allow" : "deny");
        if (decision.needsReview()) {
            reviews.increment();
        }
        return Response.ok(new DecisionResponse(decisionId, decision.allow(), decision.fields(), decision.reasons(), revision,
                decision.needsReview(), consentV)).build();
    }

    private static LoggedDecision logged(String decisionId, Instant now, VerifiedToken caller, DecisionRequest request,
            PolicyDecision decision, String revision) {
        PolicyDecision.Fields fields = decision.fields();
        return new LoggedDecision(decisionId, now.toString(),
                new LoggedDecision.Actor(caller.clientId(), caller.subject(), caller.username(), caller.realmRoles()),
                request.resource().owner(), request.purpose(), request.action(),
                new LoggedDecision.Resource(request.resource().type(), request.resource().id()),
                new LoggedDecision.Fields(request.requestedFields(), fields.allowed(),
                        fields.masked() == null ? Map.of() : fields.masked(), fields.denied()),
                decision.allow(),
                decision.reasons().stream().map(r -> new LoggedDecision.Reason(r.code(), r.message())).toList(),
                revision, decision.needsReview() ? Boolean.TRUE : null);
    }

    /** No decision could be had: deny every requested field, with 503 so callers know to retry later. */
    private static Response undecided(String decisionId, DecisionRequest request, String code, String message,
            String revision, Long consentV) {
        List<String> requested = request == null ? List.of() : request.requestedFields();
        DecisionResponse denied = new DecisionResponse(decisionId, false, PolicyDecision.Fields.noneOf(requested),
                List.of(new PolicyDecision.Reason(code, message)), revision, false, consentV);
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(denied).build();
    }
}
