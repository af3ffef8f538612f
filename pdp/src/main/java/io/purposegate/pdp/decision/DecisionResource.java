package io.purposegate.pdp.decision;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
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
import io.purposegate.pdp.problem.InputViolation;
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
    static final String NOT_PERMITTED = "access.not_permitted";
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
    private final Timer batchLatency;
    private final DistributionSummary batchSizes;
    private final int batchMax;

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
        this.batchLatency = Timer.builder("purposegate.decision.batch.latency")
                .description("time to answer POST /v1/decisions/batch, token check, policy and log included")
                .publishPercentileHistogram()
                .register(metrics);
        this.batchSizes = DistributionSummary.builder("purposegate.decision.batch.size")
                .description("resources per POST /v1/decisions/batch")
                .serviceLevelObjectives(1, 5, 10, 25, 50, 100)
                .register(metrics);
        this.batchMax = config.decisions().batchMax();
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
        List<InputViolation> violations = request.check("resource");
        if (!violations.isEmpty()) {
            throw BadRequestException.of(violations);
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
                        "the decision could not be recorded; access is denied", revision, shownConsentVersion(decision, consentV));
            }
        }
        if (!decided) {
            engineUnavailable.increment();
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(new DecisionResponse(decisionId, false, decision.fields(), decision.reasons(), null, false, null))
                    .build();
        }
        count(decisionId, decision);
        return Response.ok(new DecisionResponse(decisionId, decision.allow(), decision.fields(), decision.reasons(), revision,
                decision.needsReview(), shownConsentVersion(decision, consentV))).build();
    }

    /**
     * The subject's consent version as the caller may see it: none for a caller the policy found may not access this
     * subject's data for this purpose at all ({@code access.not_permitted}: no consent oracle, docs/pdp.md), so that
     * the answer about a known subject equals the answer about an unknown one. An engine outage shows none either:
     * without a decision it is not known whether the caller may access.
     */
    static Long shownConsentVersion(PolicyDecision decision, Long consentV) {
        for (PolicyDecision.Reason reason : decision.reasons()) {
            if (NOT_PERMITTED.equals(reason.code())) {
                return null;
            }
        }
        return consentV;
    }

    /** Outcome metrics of one decision the policy made. */
    private void count(String decisionId, PolicyDecision decision) {
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
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide many accesses for one action and purpose (an enforcement point's list)",
            description = "One decision per resource, in the order of resources, each the answer POST /v1/decisions would give"
                    + " for it alone and each its own decision-log entry. The caller's token is verified once and OPA asked"
                    + " once; when OPA or the log fails, every item is denied (503).")
    @APIResponse(responseCode = "200", description = "{\"decisions\": [<decision>, ...]} in the order of resources")
    @APIResponse(responseCode = "400", description = "malformed request, no resources or more than purposegate.decisions.batch-max;"
            + " errors name the item (resources[i])", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "401", description = "no token, or it failed verification",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "503", description = "no decision could be had: every item denied with engine.unavailable,"
            + " log.unavailable or token.keys_unavailable")
    public Response decideBatch(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, BatchDecisionRequest request)
            throws InvalidTokenException {
        long started = System.nanoTime();
        try {
            return decideBatchTimed(authorization, request);
        } finally {
            batchLatency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** The answer of a batch: one decision per resource, in order. */
    public record BatchResponse(List<DecisionResponse> decisions) {
    }

    private Response decideBatchTimed(String authorization, BatchDecisionRequest request) throws InvalidTokenException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        VerifiedToken caller;
        try {
            caller = tokens.verifyAuthorizationHeader(authorization);
        } catch (SigningKeysUnavailableException e) {
            List<DecisionRequest> items = request == null ? List.of() : request.items();
            keysUnavailable.increment(items.size());
            LOG.warnf("batch of %d decisions denied: %s", items.size(), e.getMessage());
            List<DecisionResponse> answers = new ArrayList<>(items.size());
            for (DecisionRequest item : items) {
                answers.add(undecidedItem(DecisionIds.at(now.toEpochMilli()).toString(), item, KEYS_UNAVAILABLE,
                        "the token's signing keys could not be loaded; access is denied", null, null));
            }
            return batch(Response.Status.SERVICE_UNAVAILABLE, answers);
        }
        if (request == null) {
            throw new BadRequestException(List.of("a JSON body is required"));
        }
        List<InputViolation> violations = request.check(batchMax);
        if (!violations.isEmpty()) {
            throw BadRequestException.of(violations);
        }
        List<DecisionRequest> items = request.items();
        int n = items.size();
        batchSizes.record(n);
        List<String> ids = new ArrayList<>(n);
        List<Long> consentVersions = new ArrayList<>(n);
        List<Map<String, Object>> inputs = new ArrayList<>(n);
        for (DecisionRequest item : items) {
            ids.add(DecisionIds.at(now.toEpochMilli()).toString());
            Map<String, Object> subject = consents.policyInput(item.resource().owner());
            consentVersions.add(DecisionResponse.consentVersion(subject));
            inputs.add(PolicyInput.of(now, caller, item, subject));
        }
        List<PolicyDecision> decisions;
        String revision;
        boolean decided;
        try {
            PolicyEngine.BatchAnswer answer = engine.decideAll(inputs);
            decisions = answer.decisions();
            revision = answer.policyRevision();
            decided = true;
        } catch (PolicyEngineUnavailableException e) {
            opaErrors.increment();
            LOG.warnf("batch of %d decisions (%s to %s) denied: policy engine unavailable: %s", n, ids.get(0), ids.get(n - 1),
                    e.getMessage());
            decisions = new ArrayList<>(n);
            for (DecisionRequest item : items) {
                decisions.add(new PolicyDecision(false,
                        List.of(new PolicyDecision.Reason(ENGINE_UNAVAILABLE, "the policy engine could not decide; access is denied")),
                        PolicyDecision.Fields.noneOf(item.requestedFields())));
            }
            revision = null;
            decided = false;
        }
        if (logging) {
            List<LoggedDecision> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(logged(ids.get(i), now, caller, items.get(i), decisions.get(i), revision));
            }
            try {
                decisionLog.recordAll(entries);
            } catch (DecisionLogUnavailableException e) {
                logUnavailable.increment(n);
                LOG.errorf("batch of %d decisions (%s to %s) denied: %s", n, ids.get(0), ids.get(n - 1), e.getMessage());
                List<DecisionResponse> answers = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    answers.add(undecidedItem(ids.get(i), items.get(i), LOG_UNAVAILABLE,
                            "the decision could not be recorded; access is denied", revision,
                            shownConsentVersion(decisions.get(i), consentVersions.get(i))));
                }
                return batch(Response.Status.SERVICE_UNAVAILABLE, answers);
            }
        }
        List<DecisionResponse> answers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            PolicyDecision decision = decisions.get(i);
            if (decided) {
                count(ids.get(i), decision);
            }
            answers.add(new DecisionResponse(ids.get(i), decision.allow(), decision.fields(), decision.reasons(),
                    decided ? revision : null, decision.needsReview(), decided ? shownConsentVersion(decision, consentVersions.get(i)) : null));
        }
        if (!decided) {
            engineUnavailable.increment(n);
            return batch(Response.Status.SERVICE_UNAVAILABLE, answers);
        }
        return batch(Response.Status.OK, answers);
    }

    private static Response batch(Response.Status status, List<DecisionResponse> answers) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new BatchResponse(answers)).build();
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
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .entity(undecidedItem(decisionId, request, code, message, revision, consentV)).build();
    }

    private static DecisionResponse undecidedItem(String decisionId, DecisionRequest request, String code, String message,
            String revision, Long consentV) {
        // also reached before the request was validated: names that are not there are left out
        List<String> requested = request == null ? List.of()
                : request.requestedFields().stream().filter(java.util.Objects::nonNull).toList();
        return new DecisionResponse(decisionId, false, PolicyDecision.Fields.noneOf(requested),
                List.of(new PolicyDecision.Reason(code, message)), revision, false, consentV);
    }
}
